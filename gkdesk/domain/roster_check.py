"""Checks for the 附件2 roster (人员名单) as the clerk types: phone numbers, 负责人, duplicates.

No Qt here: the editor colours cells from these issues, the CLI and tests use them directly.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# several numbers in one cell: 13812345678/85276112, 13812345678、023-85276112
_SPLIT = re.compile(r"\s*[/、，,；;]\s*|\s+或\s+")
# an extension written out: 85276112转801, 85276112 分机 801, ext. 801, 85276112#801
_EXT_WORD = re.compile(r"\s*(?:转|分机|分机号|ext\.?|x|#)\s*", re.IGNORECASE)
_ALLOWED = re.compile(r"^[0-9\s\-()（）]+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_HOTLINE = re.compile(r"^[48]00\d{7}$")


@dataclass(frozen=True)
class Issue:
    level: str  # "error" | "warning"
    category: str
    row: int | None  # index of the person within the category (0-based); None: the whole category
    column: str | None  # template column word (姓名, 联系电话 …); None: the category itself
    message: str


def _normalize(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)  # full-width digits and brackets → ASCII
    return t.replace("—", "-").replace("–", "-").replace("－", "-").replace("―", "-").strip()


def _check_main(groups: list[str]) -> str | None:
    """A number without extension, as its dash/space/bracket separated digit groups."""
    digits = "".join(groups)
    if not digits:
        return "联系电话中没有数字"
    if digits.startswith("1"):
        if len(digits) != 11:
            return f"手机号码应为11位数字（现为{len(digits)}位）"
        if not _MOBILE.match(digits):
            return "手机号码第二位应为3–9（如138、159、199开头）"
        return None
    if _HOTLINE.match(digits):
        return None
    if digits.startswith("0"):
        if len(groups) > 1:
            area, local = groups[0], "".join(groups[1:])
        else:
            area_len = 3 if digits[1:2] in ("1", "2") else 4  # 010、02X；其余0XXX
            area, local = digits[:area_len], digits[area_len:]
        if not re.fullmatch(r"0\d{2,3}", area):
            return f"区号“{area}”应为0开头的3–4位数字（如023）"
        if area[1] in ("1", "2") and len(area) != 3 or area[1] not in ("1", "2") and len(area) != 4:
            return f"区号“{area}”不正确（如010、023、0871）"
        if not local:
            return "区号后缺少电话号码"
        # 010 and 02X cover the largest cities, whose numbers all have 8 digits (重庆 023-8527 6112);
        # a 4-digit area code comes with 7 or 8.
        if len(area) == 3 and local.isdigit() and len(local) != 8 and local[:1] not in "01":
            return f"区号为{area}的固定电话号码应为8位（现为{len(local)}位）"
        return _check_local(local)
    return _check_local(digits)


def _check_local(local: str) -> str | None:
    if len(local) not in (7, 8):
        return f"固定电话号码应为7–8位（不含区号，现为{len(local)}位）"
    if local[0] in "01":
        return "固定电话号码不应以0或1开头"
    return None


def _groups(text: str) -> list[str] | None:
    if text and not _ALLOWED.match(text):
        return None
    return [g for g in re.split(r"[\s\-()（）]+", text) if g]


def _check_one(text: str) -> str | None:
    parts = _EXT_WORD.split(text, maxsplit=1)
    ext = None
    if len(parts) == 2:
        text, ext = parts
        if not re.fullmatch(r"\d{1,6}", ext.strip()):
            return "分机号应为1–6位数字"
    if text.startswith(("+86", "0086")):
        text = text[3:] if text.startswith("+86") else text[4:]
    groups = _groups(text)
    if groups is None:
        bad = next(c for c in text if not _ALLOWED.match(c))
        return f"联系电话含有无法识别的字符“{bad}”"
    reason = _check_main(groups)
    if reason is None or ext is not None or len(groups) < 2:
        return reason
    # 023-85276112-801 / 85276112-801: the last group may be the extension
    if len(groups[-1]) <= 6 and _check_main(groups[:-1]) is None:
        return None
    return reason


def check_phone(text: str | None) -> str | None:
    """None when the 联系电话 is valid (or empty), else the reason in Chinese.

    Mobiles (138-1234-5678, +86 13812345678), landlines with or without area code
    (023-85276112, 02385276112, (023)85276112, 85276112), extensions (023-85276112-801,
    85276112转801), 400/800 numbers, and several numbers separated by / 、 ， ；.
    """
    t = _normalize(text or "")
    if not t:
        return None
    numbers = [n for n in _SPLIT.split(t) if n.strip()]
    for i, number in enumerate(numbers):
        reason = _check_one(number.strip())
        if reason:
            return f"第{i + 1}个号码：{reason}" if len(numbers) > 1 else reason
    return None


def _find(columns: list[str], *words: str) -> str | None:
    return next((c for c in columns for w in words if w in c), None)


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _phone_key(phone: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))


def check_roster(
    categories: list[str],
    entries: dict[str, list[dict[str, str]]],
    columns: list[str],
) -> list[Issue]:
    """Every problem of a filled roster, in category and row order.

    Rows with nothing in them are skipped (they are the blank lines of the paper form) but keep
    their index, so `row` always points at entries[category][row].
    """
    name_col = _find(columns, "姓名", "名字") or (columns[0] if columns else "姓名")
    phone_col = _find(columns, "电话", "手机", "联系方式")
    issues: list[Issue] = []
    seen: dict[str, list[tuple[str, int, str]]] = {}  # name key → (category, row, phone key)
    cats = list(categories) + [c for c in entries if c not in categories]
    for cat in cats:
        persons = 0
        for i, row in enumerate(entries.get(cat, [])):
            values = {k: str(v or "").strip() for k, v in row.items()}
            if not any(values.values()):
                continue
            name = values.get(name_col, "")
            phone = values.get(phone_col, "") if phone_col else ""
            if phone_col and phone:
                reason = check_phone(phone)
                if reason:
                    issues.append(Issue(ERROR, cat, i, phone_col, reason))
            if not name:
                if phone:
                    issues.append(Issue(ERROR, cat, i, name_col, "填写了联系电话但未填写姓名"))
                else:
                    issues.append(Issue(WARNING, cat, i, name_col, "这一行未填写姓名"))
                continue
            persons += 1
            key, pkey = _name_key(name), _phone_key(phone)
            for ocat, orow, ophone in seen.get(key, []):
                if not pkey or not ophone or pkey == ophone:
                    where = f"“{ocat}”第{orow + 1}行" if ocat != cat else f"本类别第{orow + 1}行"
                    issues.append(
                        Issue(WARNING, cat, i, name_col, f"“{name}”与{where}重复（同一人填写了两次）")
                    )
                    break
            seen.setdefault(key, []).append((cat, i, pkey))
        if "负责人" in cat and persons == 0:
            issues.append(Issue(WARNING, cat, None, None, f"“{cat}”至少需要填写一人"))
    return issues


def summary(issues: list[Issue]) -> str:
    """“2 个错误，1 个提醒” (or 未发现问题)."""
    errors = sum(1 for i in issues if i.level == ERROR)
    warnings = len(issues) - errors
    if not issues:
        return "未发现问题"
    parts = []
    if errors:
        parts.append(f"{errors} 个错误")
    if warnings:
        parts.append(f"{warnings} 个提醒")
    return "，".join(parts)


__all__ = ["ERROR", "WARNING", "Issue", "check_phone", "check_roster", "summary"]
