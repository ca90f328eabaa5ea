"""One window per data folder: a second start hands over to the first and exits.

    lock = FolderLock(folder); holder = lock.acquire()
    if holder is not None:
        hand_over(folder, file)            # True: the running window came to the front (and opens file)
    owner = serve(window, folder, lock)    # the first window listens for later starts

The folder lock (gkdesk/folder_lock.py) decides who owns the folder; the QLocalServer, named from
the user and the folder's resolved path, only carries the request to the owner. Qt's
``QLocalServer.removeServer`` clears a socket file left by a killed owner before listening.
"""
from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from gkdesk.folder_lock import FolderLock

HANDOVER_TIMEOUT_MS = 3000


def server_name(folder: str | Path) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a container: the folder alone still keys it
        user = ""
    key = f"{user}\n{Path(folder).resolve()}".encode("utf-8")
    return "gkdesk-" + hashlib.sha256(key).hexdigest()[:20]


def hand_over(folder: str | Path, file: str | None = None, timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
    """Ask the window owning `folder` to come to the front (and import `file`); True when it answered."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(folder))
    if not sock.waitForConnected(timeout_ms):
        return False
    message = {"file": str(Path(file).resolve()) if file else ""}
    sock.write(json.dumps(message).encode("utf-8") + b"\n")
    ok = sock.waitForBytesWritten(timeout_ms) and sock.waitForReadyRead(timeout_ms)
    answer = bytes(sock.readAll().data()).strip() if ok else b""
    sock.disconnectFromServer()
    return answer == b"ok"


class Owner(QObject):
    """The first window's end: holds the folder lock and answers later starts."""

    def __init__(self, window, folder: str | Path, lock: FolderLock) -> None:
        super().__init__(window)
        self.window, self.lock = window, lock
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(folder)
        QLocalServer.removeServer(name)  # a socket file left behind by a killed owner
        self.server.listen(name)
        self.server.newConnection.connect(self._accept)
        self.requests: list[dict] = []

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            self._read(sock)  # the request may have come with the connection

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            return
        try:
            request = json.loads(bytes(sock.readLine().data()).decode("utf-8"))
        except ValueError:
            request = {}
        sock.write(b"ok\n")
        sock.flush()
        sock.disconnectFromServer()
        self.requests.append(request)
        w = self.window
        w.setWindowState((w.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        w.show()
        w.raise_()
        w.activateWindow()
        if isinstance(request, dict) and request.get("file"):
            w.open_import(request["file"])

    def close(self) -> None:
        self.server.close()
        self.lock.release()


def serve(window, folder: str | Path, lock: FolderLock) -> Owner:
    return Owner(window, folder, lock)
