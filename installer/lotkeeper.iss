; Inno Setup script for Windows: packs the PyInstaller folder (dist\lotkeeper) into an installer.
; Build: pyinstaller installer\lotkeeper.spec  then  iscc installer\lotkeeper.iss
[Setup]
AppName=Lotkeeper
AppVersion=0.1.0
AppPublisher=Lotkeeper
DefaultDirName={autopf}\Lotkeeper
DefaultGroupName=Lotkeeper
OutputBaseFilename=lotkeeper-setup-0.1.0
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
; The database and preferences live in the user's data folder, never in Program Files,
; so an uninstall leaves the GMP record untouched.
UninstallDisplayIcon={app}\lotkeeper.exe

[Files]
Source: "..\dist\lotkeeper\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\Lotkeeper"; Filename: "{app}\lotkeeper.exe"
Name: "{group}\Lotkeeper demo"; Filename: "{app}\lotkeeper.exe"; Parameters: "demo"
Name: "{autodesktop}\Lotkeeper"; Filename: "{app}\lotkeeper.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked
