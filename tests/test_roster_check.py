"""附件2 roster checks: phone numbers as clerks write them, 负责人, duplicates, names."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.domain.roster_check import (
    ERROR,
    WARNING,
    check_phone,
    check_roster,
    summary,
)

CATS = DEFAULT_ROSTER.categories
COLS = DEFAULT_ROSTER.columns

VALID = [
    # mobiles
    "13812345678", "138-1234-5678", "138 1234 5678", "15923456789", "18983001234", "19923456789",
    "17723456789", "16623456789", "14523456789", "+86 13812345678", "+86-138-1234-5678",
    "008613812345678", "１３８１２３４５６７８", " 13812345678 ",
    # landlines with area code
    "023-85276112", "02385276112", "023 85276112", "(023)85276112", "（023）85276112",
    "023－85276112", "023—85276112", "010-62345678", "021-63210000", "0871-6543210",
    "08716543210", "0851-85123456", "0851-5123456", "０２３－８５２７６１１２",
    # local only
    "85276112", "48823456", "5276112", "8527 6112", "8527-6112",
    # extensions
    "023-85276112-801", "023-85276112转801", "85276112转801", "85276112 转 8012",
    "85276112-801", "023-85276112分机801", "85276112#801", "023-85276112 ext.801",
    # hotlines, several numbers
    "400-123-4567", "8008201234", "13812345678/85276112", "13812345678、023-85276112",
    "023-85276112，13983001234", "",
]

INVALID = {
    "12812345678": "第二位",
    "11012345678": "第二位",
    "1381234567": "11位",
    "138123456789": "11位",
    "138-1234-567": "11位",
    # 010 and 02X numbers have 8 digits; 7 after 023 is a digit missing (a 4-digit code allows 7).
    "023-8527611": "应为8位",
    "0238527611": "应为8位",
    "(023)4876543": "应为8位",
    "010-6234567": "应为8位",
    "023-05276112": "0或1开头",
    "010-12345678": "0或1开头",
    "02-85276112": "区号",
    "0233-85276112": "区号",
    "023-852761": "应为8位",
    "023-852761123": "应为8位",
    "0871-852761": "7–8位",
    "852761": "7–8位",
    "85276112转": "分机号",
    "85276112转8012345": "分机号",
    "023-8527611a": "无法识别",
    "电话85276112": "无法识别",
    "13812345678/1381234": "第2个号码",
    "023-85276112-": None,
}


@pytest.mark.parametrize("text", VALID)
def test_valid_numbers(text):
    assert check_phone(text) is None


@pytest.mark.parametrize("text,word", [(t, w) for t, w in INVALID.items() if w])
def test_invalid_numbers_give_a_reason(text, word):
    reason = check_phone(text)
    assert reason is not None, text
    assert word in reason


def test_none_and_blank_are_fine():
    assert check_phone(None) is None
    assert check_phone("   ") is None


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)
area = st.sampled_from(["010", "020", "021", "022", "023", "024", "025", "027", "028", "029",
                        "0851", "0871", "0731", "0755", "0532", "0991"])
local = st.builds(lambda first, rest: f"{first}{rest}", st.sampled_from("23456789"),
                  st.text("0123456789", min_size=6, max_size=7))


def _fit(a: str, l: str) -> str:
    """A 3-digit area code (010, 02X) comes with an 8-digit number."""
    return l if len(a) == 4 or len(l) == 8 else l + "6"
ext = st.text("0123456789", min_size=1, max_size=5)


@settings(deadline=None, max_examples=300)
@given(mobiles, st.sampled_from(["{a}{b}{c}", "{a}-{b}-{c}", "{a} {b} {c}"]))
def test_any_mobile_in_any_layout(number, layout):
    text = layout.format(a=number[:3], b=number[3:7], c=number[7:])
    assert check_phone(text) is None


@settings(deadline=None, max_examples=300)
@given(area, local, st.sampled_from(["{a}-{l}", "{a}{l}", "({a}){l}", "{a} {l}", "{l}"]),
       st.one_of(st.none(), ext), st.sampled_from(["-", "转", "分机", "#"]))
def test_any_landline_with_or_without_area_code_and_extension(a, l, layout, e, sep):
    text = layout.format(a=a, l=_fit(a, l))
    if e is not None and not (sep == "-" and layout == "{a}{l}"):
        text += sep + e
    assert check_phone(text) is None, text


@settings(deadline=None, max_examples=200)
@given(st.text("0123456789", min_size=1, max_size=6))
def test_short_digit_strings_are_errors(digits):
    assert check_phone(digits) is not None


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=30))
def test_never_crashes(text):
    reason = check_phone(text)
    assert reason is None or isinstance(reason, str)


def person(name="", duty="", phone="", note=""):
    return {"姓名": name, "职务": duty, "联系电话": phone, "备注": note}


def full_roster():
    return {
        "政府信息公开工作负责人": [person("王五", "副局长", "023-85276112")],
        "政府网站和政务新媒体管理工作负责人": [person("赵六", "办公室主任", "13983001234")],
        "政府信息公开工作人员": [person("张三", "科员", "138-1234-5678")],
    }


def test_complete_roster_has_no_issues():
    assert check_roster(CATS, full_roster(), COLS) == []
    assert summary([]) == "未发现问题"


def test_invalid_phone_is_an_error_on_the_phone_cell():
    entries = full_roster()
    entries["政府信息公开工作人员"].append(person("李四", "科员", "1381234"))
    issues = check_roster(CATS, entries, COLS)
    assert len(issues) == 1
    (i,) = issues
    assert (i.level, i.category, i.row, i.column) == (ERROR, "政府信息公开工作人员", 1, "联系电话")
    assert "11位" in i.message


def test_empty_leader_category_is_a_warning():
    entries = full_roster()
    del entries["政府信息公开工作负责人"]
    issues = check_roster(CATS, entries, COLS)
    assert [(i.level, i.category, i.row, i.column) for i in issues] == [
        (WARNING, "政府信息公开工作负责人", None, None)
    ]
    assert issues[0].message == "“政府信息公开工作负责人”至少需要填写一人"


def test_blank_rows_do_not_count_as_a_person_but_keep_their_index():
    entries = full_roster()
    entries["政府信息公开工作负责人"] = [person(), person(" ")]
    issues = check_roster(CATS, entries, COLS)
    assert [i.category for i in issues] == ["政府信息公开工作负责人"]
    entries["政府信息公开工作人员"] = [person(), person("张三", phone="12")]
    issues = check_roster(CATS, entries, COLS)
    assert any(i.category == "政府信息公开工作人员" and i.row == 1 and i.level == ERROR for i in issues)


def test_same_person_twice_is_a_warning():
    entries = full_roster()
    entries["政府网站子网集群管理工作人员"] = [person("张 三", "科员", "13812345678")]
    issues = check_roster(CATS, entries, COLS)
    assert [(i.level, i.category, i.row, i.column) for i in issues] == [
        (WARNING, "政府网站子网集群管理工作人员", 0, "姓名")
    ]
    assert "重复" in issues[0].message and "政府信息公开工作人员" in issues[0].message
    # same name without a phone: still flagged
    entries["政务新媒体管理工作人员"] = [person("王五")]
    assert sum("重复" in i.message for i in check_roster(CATS, entries, COLS)) == 2


def test_namesakes_with_different_phones_are_not_flagged():
    entries = full_roster()
    entries["政务新媒体管理工作人员"] = [person("张三", "科员", "13900001111")]
    assert check_roster(CATS, entries, COLS) == []


def test_phone_without_name_is_an_error():
    entries = full_roster()
    entries["政务新媒体管理工作人员"] = [person(phone="13812345679")]
    issues = check_roster(CATS, entries, COLS)
    assert [(i.level, i.row, i.column) for i in issues] == [(ERROR, 0, "姓名")]
    assert summary(issues) == "1 个错误"


def test_summary_counts():
    entries = full_roster()
    entries["政务新媒体管理工作人员"] = [person(phone="13812345679"), person("甲", phone="999")]
    del entries["政府信息公开工作负责人"]
    issues = check_roster(CATS, entries, COLS)
    assert summary(issues) == "2 个错误，1 个提醒"


def test_extra_columns_and_unknown_categories():
    cols = ["姓名", "职务", "手机号码", "邮箱", "备注"]
    entries = {"其他人员": [{"姓名": "钱七", "手机号码": "12345", "邮箱": "q@example.cn"}]}
    issues = check_roster(CATS, entries, cols)
    assert any(i.category == "其他人员" and i.column == "手机号码" and i.level == ERROR for i in issues)
    # the two 负责人 categories are empty
    assert sum(i.level == WARNING and i.row is None for i in issues) == 2
