; 政务公开任务台 (gkdesk) — Windows installer (NSIS 3, Unicode).
;
;   makensis /DVERSION=0.1.0 /DBUNDLE=..\build\dist\gkdesk /DOUTFILE=..\build\gkdesk-0.1.0-setup.exe installer\gkdesk.nsi
;
; VERSION  the app version (gkdesk.__version__, i.e. pyproject's); required.
; BUNDLE   the PyInstaller one-folder bundle (gkdesk.exe, gkdesk-cli.exe, _internal\); required.
; OUTFILE  the setup program to write (default gkdesk-<VERSION>-setup.exe beside this script).
; Relative paths are relative to this script's folder (makensis changes into it).
;
; * Chinese (SimpChinese) pages; per-user install into %LOCALAPPDATA%\Programs\gkdesk, no
;   administrator rights (RequestExecutionLevel user, HKCU registry only).
; * Start-menu and desktop shortcuts; an entry in 设置 → 应用 (HKCU ...\Uninstall\gkdesk).
; * Upgrade in place: installing over an older (or the same) version replaces the program files,
;   keeps the shortcuts' place and never touches the data folder.
; * The uninstaller keeps the clerk's data folder (%LOCALAPPDATA%\gkdesk: the database and the
;   evidence files) unless its box 同时删除我的数据 is ticked.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass /DVERSION=x.y.z (gkdesk.__version__)"
!endif
!ifndef BUNDLE
  !error "pass /DBUNDLE=<PyInstaller bundle folder>"
!endif
!ifndef OUTFILE
  !define OUTFILE "gkdesk-${VERSION}-setup.exe"
!endif

; VIProductVersion needs four numbers: 0.1.0 → 0.1.0.0 (pass /DVERSION4 for other shapes).
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif

!define APPNAME "gkdesk"
!define APPTITLE "政务公开任务台"
!define PUBLISHER "gkdesk"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPNAME}"
!define REGKEY "Software\${APPNAME}"
!define DATADIR "$LOCALAPPDATA\gkdesk"

Name "${APPTITLE}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${REGKEY}" "InstallDir"
BrandingText "${APPTITLE} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPTITLE}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPTITLE} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "..\resources\icons\gkdesk.ico"
!define MUI_UNICON "..\resources\icons\gkdesk.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APPTITLE}"
!define MUI_WELCOMEPAGE_TEXT "本程序将在您的电脑上安装${APPTITLE} ${VERSION}。$\r$\n$\r$\n安装到您自己的用户文件夹，不需要管理员权限。升级时直接安装新版本即可，已有数据不受影响。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\gkdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行${APPTITLE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "卸载程序本身。您的数据（导入的通知、落实情况和附件）默认保留；如确实不再需要，请勾选“同时删除我的数据”。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  SetShellVarContext current
  ; An older version installed elsewhere: upgrade it in place.
  ReadRegStr $0 HKCU "${REGKEY}" "InstallDir"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\gkdesk.exe"
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Section "!${APPTITLE}" SecMain
  SectionIn RO
  SetShellVarContext current
  ; Upgrade: the program is about to be replaced; if it is running the files are locked.
  ${If} ${FileExists} "$INSTDIR\gkdesk.exe"
    locked:
    ClearErrors
    FileOpen $1 "$INSTDIR\gkdesk.exe" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPTITLE}正在运行，请先关闭它再点“重试”。" /SD IDCANCEL IDRETRY locked
      Abort
    ${EndIf}
    FileClose $1
    ; Old program files go (the data folder is elsewhere and is never touched).
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\gkdesk.exe"
    Delete "$INSTDIR\gkdesk-cli.exe"
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPTITLE}"
  CreateShortcut "$SMPROGRAMS\${APPTITLE}\${APPTITLE}.lnk" "$INSTDIR\gkdesk.exe" "" "$INSTDIR\gkdesk.exe" 0
  CreateShortcut "$SMPROGRAMS\${APPTITLE}\卸载${APPTITLE}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APPTITLE}.lnk" "$INSTDIR\gkdesk.exe" "" "$INSTDIR\gkdesk.exe" 0

  WriteRegStr HKCU "${REGKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REGKEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPTITLE}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\gkdesk.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.卸载程序" UnSecMain
  SectionIn RO
  SetShellVarContext current
  Delete "$DESKTOP\${APPTITLE}.lnk"
  RMDir /r "$SMPROGRAMS\${APPTITLE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\gkdesk.exe"
  Delete "$INSTDIR\gkdesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${REGKEY}"
SectionEnd

; Not ticked by default: the clerk's data stays unless asked.
Section /o "un.同时删除我的数据（${DATADIR}）" UnSecData
  SetShellVarContext current
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "将永久删除 ${DATADIR} 中导入的通知、落实情况和附件，无法恢复。确定删除吗？" /SD IDNO IDYES +2
  Return
  RMDir /r "${DATADIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} "删除程序文件、开始菜单和桌面快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "删除数据文件夹 ${DATADIR}（数据库和附件）。默认保留，以便重新安装后继续使用。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
