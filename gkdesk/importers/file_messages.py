"""Every sentence the clerk reads when a file cannot be imported, in one place. No Qt.

Each is one Chinese sentence that says what is wrong and what to do; the modules that detect a
problem (sniffing, archive_limits, text_decoding, file_access, the readers) raise these words and
never write their own.
"""
from __future__ import annotations

from pathlib import Path

MB = 1024 * 1024

MSG_EMPTY = "文件为空。"
# A password-protected Office file is an OLE container whose content is encrypted: nothing in it says
# whether it is a document or a sheet, so the name decides which program the clerk is sent to.
MSG_ENCRYPTED = ("文件设置了打开密码（已加密），无法读取。请先去掉密码再导入：在 Word 中输入密码打开后，"
                 "点“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码并保存；在 WPS 文字中点"
                 "“文件 → 文档加密 → 密码加密”，清空“打开文件密码”后点“应用”并保存。")
MSG_ENCRYPTED_XLSX = ("文件设置了打开密码（已加密），无法读取。请先去掉密码再导入：在 Excel 中输入密码打开后，"
                      "点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存；在 WPS 表格中点"
                      "“文件 → 文档加密 → 密码加密”，清空“打开文件密码”后点“应用”并保存。")
MSG_CORRUPT = "文件已损坏，无法打开。请在 Word/WPS 中重新另存为 .docx 后再导入。"
MSG_CORRUPT_XLSX = "文件已损坏，无法打开。请在 Excel/WPS 中重新另存为 .xlsx 后再导入。"
MSG_BOMB = "文件已损坏或异常（解压后体积过大），已拒绝导入。"
MSG_XML_ENTITY = "文件内容异常（含有不允许的 XML 实体声明），已拒绝导入。"
MSG_PDF = "暂不支持直接导入 PDF。请使用原始的 Word（.docx）文件，或把表格复制后用“粘贴导入”。"
MSG_UNKNOWN = "无法识别的文件格式，请导入 Word（.docx）、Excel（.xlsx）、网页（.html/.mht）或文本（.txt）文件。"
MSG_ZIP = "这是一个压缩包，不是 Word 或 Excel 文件，请先解压后导入其中的 .docx 或 .xlsx 文件。"
MSG_TABLE_TOO_LARGE = "表格过大（单元格数量远超任何一份通知，可能是合并单元格或空行异常），已拒绝导入。请检查文件中的表格后重新保存再导入。"
MSG_TEXT_TOO_LONG = "文件中有一段文字过长（超过 10 MB，任何一份通知都不会这么长），已拒绝导入。请检查文件内容后重新保存再导入。"
MSG_ENCODING = "无法识别文件的文字编码，请另存为 UTF-8 编码的文本后再导入。"


def msg_too_large(limit: int) -> str:
    return f"文件过大（超过 {limit // MB} MB），不像是一份通知，已拒绝导入。"


def msg_not_found(path: Path) -> str:
    return f"找不到文件：{path}。"


def msg_unreadable(path: Path) -> str:
    return f"无法读取文件（没有权限或文件正被占用）：{path.name}。"


def msg_directory(path: Path) -> str:
    return f"这是一个文件夹，不是文件：{path.name}。"


def msg_not_regular(path: Path) -> str:
    return f"这不是一个普通文件（可能是管道或设备），无法导入：{path.name}。"


def msg_name_too_long(path: Path) -> str:
    return f"文件名过长，无法打开：{path.name[:40]}…。请把文件改成较短的名字后再导入。"


def corrupt_message(path: Path) -> str:
    """"Damaged", naming the program that can re-save the file: Word for documents, Excel for sheets."""
    return MSG_CORRUPT_XLSX if Path(path).suffix.lower() in _SHEET_SUFFIXES else MSG_CORRUPT


_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")


def encrypted_message(path: Path) -> str:
    """"Password-protected", with the steps to remove the password in the program the name points to."""
    return MSG_ENCRYPTED_XLSX if Path(path).suffix.lower() in _SHEET_SUFFIXES else MSG_ENCRYPTED


def msg_cell_too_long(table: int, row: int, column: int, chars: int, size: int) -> str:
    """Which cell (rows counted from the table's first, the header) and how big, in characters and bytes."""
    where = f"第 {table} 张表格" if table > 1 else "表格"
    size = f"约 {size / MB:.0f} MB" if size >= MB else f"{chars} 字"
    return (f"{where}第 {row} 行第 {column} 列的单元格内容过长（{size}，任何一项任务都不会这么长），已拒绝导入。"
            "请在 Word/WPS 中检查这个单元格（可能误粘贴了大量内容），改正后重新保存再导入。")


_KIND_WORDS = {"docx": "Word 文档（.docx）", "xlsx": "Excel 表格（.xlsx）"}


def msg_renamed(path: Path, kind: str) -> str:
    """A warning, not a refusal: the content decides how a file is read, whatever its name says."""
    return f"文件名是“{Path(path).suffix}”，但内容其实是{_KIND_WORDS.get(kind, kind)}，已按其内容导入。"
