"""Returns dropped on the desk: the office of seed 001 drags what QQ mail downloaded onto the window.

Two filled 填报表 and next year's notice dropped at once: the returns go to 导入回执 (one result for
both), the notice to the import wizard, after the take-back. A whole folder of returns dropped, or
picked from 收集 → 导入整个文件夹的回执…, is taken back file by file, the Office lock file left out.
A return saved by WPS as .xls or .et, or the notice's own Word table filled in, dropped alone, is
taken back too; the notice .docx dropped alone opens the import wizard.
"""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from gkdesk import collection_ops as ops
from gkdesk.ui.take_back_dialog import TakeBackResult
from gkdesk.ui import drop_files
from tests.fixtures import wps_fill as wps
from tests.fixtures.seed_docs import build_docx
from tests.fixtures.collecting_office import OFFICE, completions, docx_return
from tests.fixtures.collecting_office import office_store, round_day  # noqa: F401 - store, today: the office's desk


def _mime(paths) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def _drag(w, paths) -> bool:
    """Drag over the window and drop; True when the window accepted the drag."""
    data = _mime(paths)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    w.dragEnterEvent(enter)
    if enter.isAccepted():
        w.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                               Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    return enter.isAccepted()


@pytest.fixture
def returned(window, tmp_path):
    """Sheets for 区财政局 and 几江街道, filled and saved into 下载/回执 as the units sent them."""
    w = window
    _rnd, paths = ops.hand_out(w.store, w.notice_id, ["区财政局", "几江街道"], tmp_path / "sent", OFFICE)
    sent = {p.name.rsplit("_", 1)[1][:-5]: p for p in paths}
    back = tmp_path / "下载" / "回执"
    back.mkdir(parents=True)
    for unit, status, text in (("区财政局", "已完成", "已公开征求意见12件，解读8件。"),
                               ("几江街道", "持续推进", "街道公开栏每月更新政策解读。")):
        wb, ws, h = wps.open_sheet(sent[unit])
        r = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
        wps.type_into(ws, r, h, 状态=status, 完成情况=text)
        wb.save(back / sent[unit].name)
    return w, back, sent


def _result(w, qtbot):
    qtbot.waitUntil(lambda: getattr(w, "collection_result", None) is not None, timeout=20_000)
    return w.collection_result


def test_dropping_two_returns_and_a_notice_takes_the_returns_back_then_opens_the_notice(returned, qtbot, tmp_path,
                                                                                         monkeypatch):
    w, back, sent = returned
    opened: list[str] = []
    monkeypatch.setattr(w, "open_import", lambda path=None: opened.append(path))
    notice = build_docx("000", tmp_path / "下载" / "关于印发2020年政务公开工作要点任务分工的通知.docx")
    files = [back / sent["区财政局"].name, notice, back / sent["几江街道"].name]

    assert drop_files.route([str(f) for f in files]) == ([str(files[0]), str(files[2])], [str(notice)])
    assert _drag(w, files)
    res = _result(w, qtbot)
    lines = res.lines.text().splitlines()
    assert lines[0].startswith(f"“{sent['区财政局'].name}”（区财政局）：已导入，填报 1 项")
    assert lines[1].startswith(f"“{sent['几江街道'].name}”（几江街道）：已导入，填报 1 项")
    assert completions(w.store, "区财政局")["切实做好政策性文件公开征"]["text"] == "已公开征求意见12件，解读8件。"
    assert completions(w.store, "几江街道")["切实做好政策性文件公开征"]["status"] == "持续推进"
    assert w.store.db.scalar("SELECT count(*) FROM collection_returns") == 2
    # The notice opens in the import wizard once the take-back is in (never two writers at once).
    qtbot.waitUntil(lambda: opened == [str(notice)], timeout=5_000)
    assert w.ops.undo_stack.undoText() == "导入回执"


def test_a_dropped_folder_is_taken_back_file_by_file(returned, qtbot):
    w, back, sent = returned
    (back / f"~${sent['区财政局'].name}").write_bytes(b"\x00lock")  # WPS's lock file beside an open return
    (back / "说明.txt").write_text("回执见附件", encoding="utf-8")
    assert _drag(w, [back])
    res = _result(w, qtbot)
    # The lock file and the note are no returns: only the two sheets, in the folder's order.
    assert [line.split("：")[0] for line in res.lines.text().splitlines()] == [
        f"“{sent['几江街道'].name}”（几江街道）", f"“{sent['区财政局'].name}”（区财政局）"]
    assert {r["unit"] for r in w.store.merge.history()} == {"区财政局", "几江街道"}
    assert completions(w.store, "几江街道")["切实做好政策性文件公开征"]["text"] == "街道公开栏每月更新政策解读。"


def test_a_folder_from_the_menu_is_taken_back_and_a_photo_is_not_accepted(returned, qtbot, tmp_path, monkeypatch):
    w, back, sent = returned
    copy = tmp_path / "第二次下载"
    shutil.copytree(back, copy)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(copy)))
    next(a for a in w.collection_menu.actions() if a.text() == "导入整个文件夹的回执…").trigger()
    res = _result(w, qtbot)
    assert [line.split("：")[0] for line in res.lines.text().splitlines()] == [
        f"“{sent['几江街道'].name}”（几江街道）", f"“{sent['区财政局'].name}”（区财政局）"]
    assert w.store.db.scalar("SELECT count(*) FROM collection_returns") == 2

    # A photo of the return is no file the desk takes: the drag is refused.
    photo = tmp_path / "回执照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    assert not _drag(w, [photo])
    assert isinstance(w.collection_result, TakeBackResult)


def _as_xls(src, out_dir, name):
    """The return opened in WPS/Calc and saved as .xls (BIFF8; WPS's .et is the same format)."""
    from gkdesk.importers.libreoffice import convert, discard

    xls = convert(src, "xls")
    target = out_dir / name
    shutil.copyfile(xls, target)
    discard(xls)
    return target


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_xls_and_et_returns_dropped_alone_are_taken_back_not_imported_as_notices(returned, qtbot, tmp_path,
                                                                                 monkeypatch):
    w, back, sent = returned
    opened: list[str] = []
    monkeypatch.setattr(w, "open_import", lambda path=None: opened.append(path))
    wps_dir = tmp_path / "另存为"
    wps_dir.mkdir()
    xls = _as_xls(back / sent["区财政局"].name, wps_dir, "财政局回执.xls")
    et = _as_xls(back / sent["几江街道"].name, wps_dir, "几江街道回执.et")
    # A plain .xls that is no 填报表 (someone's own list) still goes to the import wizard.
    import openpyxl

    own = openpyxl.Workbook()
    own.active.append(["序号", "任务", "责任单位"])
    own.active.append([1, "切实做好政策性文件公开征求意见", "区财政局"])
    own.save(tmp_path / "任务清单.xlsx")
    plain = _as_xls(tmp_path / "任务清单.xlsx", wps_dir, "任务清单.xls")
    assert drop_files.route([str(xls), str(et), str(plain)], w.store) == ([str(xls), str(et)], [str(plain)])

    assert _drag(w, [xls])
    res = _result(w, qtbot)
    assert res.lines.text().startswith("“财政局回执.xls”（区财政局）：已导入，填报 1 项")
    assert completions(w.store, "区财政局")["切实做好政策性文件公开征"]["text"] == "已公开征求意见12件，解读8件。"
    w.collection_result = None
    assert _drag(w, [et])
    res = _result(w, qtbot)
    assert res.lines.text().startswith("“几江街道回执.et”（几江街道）：已导入，填报 1 项")
    assert completions(w.store, "几江街道")["切实做好政策性文件公开征"]["status"] == "持续推进"
    assert opened == []


def test_the_notice_table_returned_in_word_is_taken_back_and_the_notice_itself_opens_the_wizard(
        returned, qtbot, tmp_path, monkeypatch):
    w, _back, _sent = returned
    opened: list[str] = []
    monkeypatch.setattr(w, "open_import", lambda path=None: opened.append(path))
    notice = build_docx("001", tmp_path / "下载" / "江津府办发〔2022〕97号.docx")
    word_back = docx_return(notice, tmp_path / "下载" / "附件1任务分工落实情况（区民政局）.docx",
                             filled={"以公开促服务": "已公开低保、特困救助标准。"}, edits={})
    assert drop_files.route([str(word_back), str(notice)], w.store) == ([str(word_back)], [str(notice)])

    assert _drag(w, [notice])
    qtbot.waitUntil(lambda: opened == [str(notice)], timeout=5_000)
    assert getattr(w, "collection_result", None) is None

    assert _drag(w, [word_back])
    res = _result(w, qtbot)
    assert res.lines.text() == f"“{word_back.name}”是通知原表，按文字匹配到 1 行，确认后导入。"
    assert not res.confirm_button.isHidden()
    w.collection_result = None
    res.confirm_tables()
    res = _result(w, qtbot)
    assert res.lines.text().startswith(f"“{word_back.name}”（区民政局）：已导入，填报 1 项"), res.lines.text()
    assert [v["text"] for v in completions(w.store, "区民政局").values()] == ["已公开低保、特困救助标准。"]
    assert opened == [str(notice)]


def _saved_as_word97(src, out_dir, name):
    """A Word table opened in WPS/Word and saved as .doc (Word 97); WPS's own .wps is the same format."""
    from gkdesk.importers.libreoffice import convert, discard

    doc = convert(src, "doc")
    target = out_dir / name
    shutil.copyfile(doc, target)
    discard(doc)
    return target


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_the_notice_table_returned_as_doc_or_wps_is_taken_back_and_a_doc_notice_opens_the_wizard(
        returned, qtbot, tmp_path, monkeypatch):
    """Most units still save as .doc (or WPS's .wps): such a return is converted and taken back like a .docx."""
    import docx

    w, _back, _sent = returned
    opened: list[str] = []
    monkeypatch.setattr(w, "open_import", lambda path=None: opened.append(path))
    notice = build_docx("001", tmp_path / "江津府办发〔2022〕97号.docx")
    work, dl = tmp_path / "work", tmp_path / "下载"
    work.mkdir()
    dl.mkdir(exist_ok=True)
    mz = docx_return(notice, work / "mz.docx", filled={"以公开促服务": "已公开低保、特困救助标准。"}, edits={})
    jj = docx_return(notice, work / "jj.docx", filled={"切实做好政策性文件公开征求意见": "街道公开栏每月更新政策解读。"},
                      edits={})
    d = docx.Document(str(jj))
    d.paragraphs[0].text = "填报单位：几江街道"
    d.save(str(jj))
    doc = _saved_as_word97(mz, dl, "附件1任务分工落实情况（区民政局）.doc")
    wps_file = _saved_as_word97(jj, dl, "附件1任务分工落实情况（几江街道）.wps")
    notice_doc = _saved_as_word97(notice, dl, "江津府办发〔2022〕97号.doc")  # the stored notice itself
    other_doc = _saved_as_word97(build_docx("000", work / "000.docx"), dl, "万盛经开办〔2020〕9号.doc")
    assert drop_files.route([str(doc), str(notice_doc), str(wps_file), str(other_doc)], w.store) == (
        [str(doc), str(wps_file)], [str(notice_doc), str(other_doc)])

    # Dropped together with a notice: the .doc return is matched by its text, the notice opens after.
    assert _drag(w, [notice_doc, doc])
    res = _result(w, qtbot)
    assert res.lines.text() == f"“{doc.name}”是通知原表，按文字匹配到 1 行，确认后导入。"
    w.collection_result = None
    res.confirm_tables()
    res = _result(w, qtbot)
    assert res.lines.text().startswith(f"“{doc.name}”（区民政局）：已导入，填报 1 项"), res.lines.text()
    assert [v["text"] for v in completions(w.store, "区民政局").values()] == ["已公开低保、特困救助标准。"]
    qtbot.waitUntil(lambda: opened == [str(notice_doc)], timeout=10_000)

    w.collection_result = None
    assert _drag(w, [wps_file])
    res = _result(w, qtbot)
    assert res.lines.text() == f"“{wps_file.name}”是通知原表，按文字匹配到 1 行，确认后导入。"
    w.collection_result = None
    res.confirm_tables()
    res = _result(w, qtbot)
    assert res.lines.text().startswith(f"“{wps_file.name}”（几江街道）：已导入，填报 1 项"), res.lines.text()
    assert completions(w.store, "几江街道")["切实做好政策性文件公开征"]["text"] == "街道公开栏每月更新政策解读。"
    assert opened == [str(notice_doc)]
