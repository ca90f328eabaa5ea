# Set up gkdesk on Windows 10/11 and run it or its tests.
#
#   powershell -ExecutionPolicy Bypass -File scripts\setup-windows.ps1 run    # install, start the app
#   powershell -ExecutionPolicy Bypass -File scripts\setup-windows.ps1 test   # install, run all tests
#
# Needs Python 3.10+ from the official installer (with the "py" launcher). Creates a virtual
# environment (default %LOCALAPPDATA%\gkdesk\venv, or $env:GKDESK_VENV) and installs gkdesk into it
# from this checkout. Windows has Chinese fonts already; LibreOffice is optional (for .doc/.wps/
# .xls/.et files) and its tests are skipped when it is not installed.
param(
    [Parameter(Position = 0)][ValidateSet("run", "test")][string]$Verb = "run",
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = "Stop"
$repo = Split-Path -Parent $PSScriptRoot
Set-Location $repo

function Say($msg) { Write-Host "[gkdesk] $msg" -ForegroundColor Cyan }

# A Python 3.10+ to create the environment with.
$base = $null
if (Get-Command py -ErrorAction SilentlyContinue) {
    & py -3 -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>$null
    if ($LASTEXITCODE -eq 0) { $base = @("py", "-3") }
}
if (-not $base -and (Get-Command python -ErrorAction SilentlyContinue)) {
    & python -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>$null
    if ($LASTEXITCODE -eq 0) { $base = @("python") }
}
if (-not $base) {
    Write-Error "未找到 Python 3.10 或更高版本。请先从 Python 官网安装 Python（勾选“Add python.exe to PATH”和 py launcher），再运行本脚本。"
    exit 1
}

$venv = if ($env:GKDESK_VENV) { $env:GKDESK_VENV } else { Join-Path $env:LOCALAPPDATA "gkdesk\venv" }
$py = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $py)) {
    Say "python -m venv $venv"
    $exe = $base[0]; $args0 = @($base | Select-Object -Skip 1)
    & $exe @args0 -m venv $venv
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

$extra = if ($Verb -eq "test") { "[test]" } else { "" }
# The versions the installed app is built with are the ones tested and run here too.
$pins = Join-Path $repo "installer\requirements-bundle.txt"
$hash = (Get-FileHash -Algorithm SHA256 (Join-Path $repo "pyproject.toml")).Hash + (Get-FileHash -Algorithm SHA256 $pins).Hash
$stamp = Join-Path $venv ".gkdesk-installed"
$want = "$repo $extra $hash"
$have = if (Test-Path $stamp) { (Get-Content $stamp -Raw).Trim() } else { "" }
if ($have -ne $want -and $have -ne "$repo [test] $hash") {
    Say "pip install -e .$extra -c $pins"
    & $py -m pip install --disable-pip-version-check --progress-bar off -q -e ".$extra" -c $pins
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -Path $stamp -Value $want -Encoding UTF8
}

if ($Verb -eq "test") {
    if (-not $env:QT_QPA_PLATFORM) { $env:QT_QPA_PLATFORM = "offscreen" }
    Say "pytest $Rest"
    & $py -m pytest @Rest
    exit $LASTEXITCODE
}

$gkdesk = Join-Path $venv "Scripts\gkdesk.exe"
Say "gkdesk $Rest"
& $gkdesk @Rest
exit $LASTEXITCODE
