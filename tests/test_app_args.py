"""`gkdesk [--data-dir 文件夹] [--smoke] [文件]`: the lines the desktop entry, the installer check and
a clerk's double-click give are read without argparse (issue 16: building the parser is ~17 M
instructions of the start); whatever the quick reader accepts, argparse reads to the same values,
and every other line (help, version, Qt's -platform …) goes to argparse as before."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from gkdesk import app

words = st.sampled_from(["--data-dir", "--data-dir=D", "--data-dir=", "--data", "D", "-D", "--smoke", "--smo",
                         "通知.docx", "-platform", "offscreen", "--version", "-h", "--", ""])
plain_lines = st.permutations(["--smoke", "--data-dir=文件夹", "附件1.xlsx"]).flatmap(
    lambda line: st.integers(0, 3).map(lambda n: line[:n]))


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.one_of(st.lists(words, max_size=5), plain_lines))
def test_a_plain_desk_line_is_read_as_argparse_reads_it(argv):
    quick = app.plain_args(argv)
    if quick is None:
        return
    args, rest = app.parser().parse_known_args(argv)
    assert vars(quick) == vars(args) and rest == []


def test_the_lines_the_desk_is_started_with_are_plain_and_the_rest_go_to_argparse():
    for argv in ([], ["--smoke"], ["--data-dir", "/tmp/d", "--smoke"], ["通知.docx"], ["--data-dir=D", "通知.docx"]):
        assert app.plain_args(argv) is not None, argv
    args, qt = app._parse_args(["--data-dir", "D", "--smoke"])
    assert (args.data_dir, args.smoke, args.file, qt) == ("D", True, None, [])
    for argv in (["--version"], ["-h"], ["-platform", "offscreen"], ["a.docx", "b.docx"], ["--data", "D"],
                 ["--data-dir"], ["--data-dir", "-x"], ["--smoke", "--smoke"], ["--", "a"]):
        assert app.plain_args(argv) is None, argv
    args, qt = app._parse_args(["--smoke", "-reverse"])
    assert args.smoke is True and qt == ["-reverse"]  # Qt's own options reach QApplication


def test_qt_options_with_a_value_reach_qt_and_leave_the_file_alone():
    """`gkdesk -platform offscreen 通知.docx`: argparse alone took "offscreen" for the file to import."""
    args, qt = app._parse_args(["-platform", "offscreen", "通知.docx"])
    assert (args.file, qt) == ("通知.docx", ["-platform", "offscreen"])
    args, qt = app._parse_args(["--smoke", "-style", "fusion", "-reverse"])
    assert (args.smoke, args.file, qt) == (True, None, ["-style", "fusion", "-reverse"])
    args, qt = app._parse_args(["-stylesheet=desk.qss", "--data-dir", "D"])
    assert (args.data_dir, args.file, qt) == ("D", None, ["-stylesheet=desk.qss"])
