"""Month names in English and Russian, in every form news text uses them.

Both the dateline reader (`segment`) and the date reader (`compare.engine.anchors`)
need them; they live in the text layer so that the text layer never depends on
the engine.
"""

from __future__ import annotations

import re

__all__ = ["MONTHS", "MONTH_PATTERN"]

_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
_EN_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep|sept", "oct", "nov", "dec")
# Nominative, genitive and prepositional forms, then the abbreviations in use ("7 янв", "3 сент.").
_RU_MONTHS = (
    "январь|января|январе|янв", "февраль|февраля|феврале|февр|фев", "март|марта|марте|мар",
    "апрель|апреля|апреле|апр", "май|мая|мае", "июнь|июня|июне|июн", "июль|июля|июле|июл",
    "август|августа|августе|авг", "сентябрь|сентября|сентябре|сент|сен",
    "октябрь|октября|октябре|окт", "ноябрь|ноября|ноябре|нояб|ноя", "декабрь|декабря|декабре|дек")
MONTHS: dict[str, int] = {}
for _n, _forms in enumerate(zip(_EN_MONTHS, _EN_ABBR, _RU_MONTHS, strict=True), 1):
    for _form in "|".join(_forms).split("|"):
        MONTHS[_form] = _n
MONTH_PATTERN = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
