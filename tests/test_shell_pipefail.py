"""The project's shell scripts run under `set -o pipefail`. There, a reader that exits before its
input ends (`grep -q`, `grep -m`, `head`, `sed …q`, `awk …exit`, `read`) kills the writer on its
left with SIGPIPE, and the pipeline fails at random: `dpkg-deb --info X.deb | grep -q …` failed 22
runs in 100 and made CI refuse submissions (issue 18). This scan keeps that shape out. A line
proven safe (e.g. inside `sh -c`, which has no pipefail) says why in a `# pipefail-safe: …`
comment on the same line; nothing else is accepted."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# grep that stops at the first match (-q, -m N, -l, and their long forms), head, sed whose script
# quits, awk that exits, read (one line).
EARLY_EXIT = re.compile(
    r"""^\s*(?:sudo\s+|command\s+|env\s+(?:\w+=\S*\s+)*)?(?:
        grep\b(?:\s+-[A-Za-z]*[qml][A-Za-z0-9]*(?=\s|$)|.*\s--(?:quiet|silent|max-count|files-with-matches)\b)
      | head\b
      | sed\b.*(?:^|[\s'";{}/0-9$])q\b
      | awk\b.*\bexit\b
      | read\b
    )""",
    re.X,
)
SAFE_MARK = "# pipefail-safe:"


def shell_scripts() -> list[Path]:
    """Every shell script of the project: by extension or by a sh/bash shebang."""
    found = []
    for folder in ("installer", "scripts", ".ci", "bench"):
        for path in sorted((REPO / folder).rglob("*")):
            if not path.is_file() or "build" in path.relative_to(REPO).parts:
                continue
            head = path.read_bytes()[:64]
            if path.suffix == ".sh" or re.match(rb"#!\s*/(usr/)?bin/(env\s+)?(ba)?sh\b", head):
                found.append(path)
    return found


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations and trailing pipes joined; (first line number, text)."""
    out, buf, start = [], "", 0
    for number, line in enumerate(text.splitlines(), 1):
        if not buf:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        if re.search(r"(?<!\|)\|\s*$", strip_comment(stripped)):
            buf += stripped + " "
            continue
        out.append((start, buf + line))
        buf = ""
    if buf:
        out.append((start, buf))
    return out


def strip_comment(line: str) -> str:
    """The line without a trailing `# comment` (a # that starts a word outside quotes)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            elif ch == "\\" and quote == '"':
                continue
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t;"):
            return line[:i]
    return line


def early_exit_readers(line: str) -> list[str]:
    """The segments of LINE's pipelines, right of a `|`, that read only part of their input.
    Quotes are not respected on purpose: a pipe inside `sh -c '…'` is a pipe too, and must be
    proven safe by its comment."""
    code = strip_comment(line)
    segments = re.split(r"(?<![|>])\|(?!\|)", code)
    commands = [first_command(seg) for seg in segments[1:]]
    return [cmd.strip() for cmd in commands if EARLY_EXIT.match(cmd)]


def first_command(segment: str) -> str:
    """SEGMENT up to where its command ends: an unquoted ||, &&, ; or the ) of a substitution."""
    quote = None
    for i, ch in enumerate(segment):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in ";)" or segment.startswith(("||", "&&"), i):
            return segment[:i]
    return segment


def sets_pipefail(text: str) -> bool:
    return bool(re.search(r"^\s*set\s+-[A-Za-z]*o[A-Za-z]*\s+pipefail|^\s*set\s+-o\s+pipefail", text, re.M))


def pipefail_scripts() -> list[Path]:
    """Scripts that set pipefail, and those sourced by one (they run under its options)."""
    scripts = shell_scripts()
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in scripts}
    chosen = {p for p, t in texts.items() if sets_pipefail(t)}
    for p in list(chosen):
        for q in scripts:
            if re.search(rf"^\s*(?:\.|source)\s+\S*{re.escape(q.name)}\b", texts[p], re.M):
                chosen.add(q)
    return sorted(chosen)


@pytest.mark.parametrize(
    "line, readers",
    [
        ('dpkg-deb --info "$deb" | grep -q "Depends: libc6"', ['grep -q "Depends: libc6"']),
        ("ar t \"$deb\" | grep -qx 'data.tar.xz'  # not zstd", ["grep -qx 'data.tar.xz'"]),
        ("dpkg-query -W p | grep -q 'ok installed' || missing+=(p)", ["grep -q 'ok installed'"]),
        ('seed=$(ls "$seeds"/000_*.txt 2>/dev/null | head -1 || true)', ["head -1"]),
        ("ldd --version | head -1 | awk '{print $NF}'", ["head -1"]),
        ("locale -a 2>/dev/null | grep -qiE '^zh_CN'", ["grep -qiE '^zh_CN'"]),
        ("objdump -T f | grep -m1 GLIBC", ["grep -m1 GLIBC"]),
        ("find . | grep --quiet x", ["grep --quiet x"]),
        ("cmd | sed 1q", ["sed 1q"]),
        ("cmd | awk '/x/ {print; exit}'", ["awk '/x/ {print; exit}'"]),
        ("cmd | while read -r a; do :; done", []),
        ("cmd | read -r first", ["read -r first"]),
        # readers that take everything
        ("objdump -T f | grep -cE 'GLIBC' | tail -1", []),
        ("ldd --version | awk 'NR == 1 {print $NF}'", []),
        ("cat a b | sha256sum | cut -c1-64", []),
        ("x | sed -n 's/^Pages: *//p'", []),
        ('[ -n "$a" ] || grep -q x file', []),
        ("echo hi >| file", []),
    ],
)
def test_scanner_finds_early_exit_readers(line, readers):
    assert early_exit_readers(line) == readers


def test_scanner_joins_continued_pipelines():
    text = "curl -fsS url \\\n  | head -c 10\nok | cat\n"
    lines = logical_lines(text)
    assert [n for n, _ in lines] == [1, 3]
    assert early_exit_readers(lines[0][1]) == ["head -c 10"]


def test_scripts_found():
    names = {p.relative_to(REPO).as_posix() for p in pipefail_scripts()}
    assert {"installer/check", "installer/build-linux", "installer/build-linux-release",
            "installer/linux/rootfs.sh", "scripts/setup-debian.sh", ".ci/run"} <= names


def test_no_early_exit_reader_behind_a_pipe_under_pipefail():
    bad = []
    for path in pipefail_scripts():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in logical_lines(text):
            readers = early_exit_readers(line)
            if readers and SAFE_MARK not in line:
                bad.append(f"{path.relative_to(REPO)}:{number}: {' | '.join(readers)}")
    assert not bad, "early-exit reader behind a pipe under pipefail (capture the output first, " \
                    "or read all of it, or mark '# pipefail-safe: why'):\n" + "\n".join(bad)


def test_safe_marks_give_a_reason():
    for path in pipefail_scripts():
        for number, line in logical_lines(path.read_text(encoding="utf-8", errors="replace")):
            if SAFE_MARK in line:
                reason = line.split(SAFE_MARK, 1)[1].strip()
                assert len(reason) >= 8, f"{path}:{number}: say why it is safe"
                assert early_exit_readers(line), f"{path}:{number}: marked safe but has no early reader"
