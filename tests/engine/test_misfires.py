"""Anchors and families that must not fire on ordinary words, on news of other events.

The sentences are written for these tests about other events (the 2020 Belarus
protests, the 2022 Sri Lanka protests, a hospital in a US state, a business
page), so a variant tuned to the bundled Kazakhstan case shows up here.
"""

import pytest

from compare.engine.features import extract
from compare.engine.lexicon import build_table, load_table, parse_table


def _features(text: str) -> set[str]:
    return {k for k in extract(text, load_table()) if not k.startswith("W:")}


@pytest.mark.parametrize(("text", "wrong"), [
    ("Protesters marched through the capital, Minsk, on Sunday.", "E:astana"),
    ("Tokayev offered an amnesty to those who laid down their arms.", "E:amnesty international"),
    ("Amnesty was promised to those who surrendered.", "E:amnesty international"),
    ("Wildfires spread across Washington state this week.", "E:united states"),
    ("The Washington Post reported the vote count.", "E:united states"),
    ("Negotiations failed after the opposition walked out.", "C:intelligence failure"),
    ("His family and his nephew left the country by car.", "C:ruling elite"),
    ("The opposition leader sent a letter to the electoral commission.", "C:deploy"),
    ("The new hospital will save lives, the governor said.", "C:killed"),
    ("She waited six hours in the emergency room of a Seattle hospital.", "C:state of emergency"),
    ("Fuel queues in Colombo stretched for kilometres and cost the economy dearly.", "C:price"),
    ("The cabinet decision was criticised as a double standard.", "C:price doubling"),
    ("Prices of tea rallied while a turkey farm closed in China's neighbour.", "E:turkey"),
    ("He forced the rival out and removed the posters.", "C:troops"),
    ("He forced the rival out and removed the posters.", "C:resign"),
    ("The minister dismissed the allegations as lies.", "C:resign"),
    ("The vote was held at 5 PM, the premier league match later.", "C:prime minister"),
    ("The plant was seized by creditors and captured the market.", "C:stormed"),
    ("The summer camps for children closed after training ended.", "C:trained fighters"),
    ("The criminal case against the editor was opened by the court.", "C:criminal groups"),
    ("She joined the company after the departure of its founder.", "C:withdrawal"),
    ("She joined the company after the departure of its founder.", "C:spread of unrest"),
    ("He held the child in his arms.", "C:weapons"),
    ("Losses hurt the bank; the outside auditor gave an external view.", "C:wounded"),
    ("Losses hurt the bank; the outside auditor gave an external view.", "C:foreign involvement"),
    ("Он сделал вывод, что в кабинете директора следствие не ведётся.", "C:withdrawal"),
    ("Он сделал вывод, что в кабинете директора следствие не ведётся.", "C:government"),
    ("Он сделал вывод, что в кабинете директора следствие не ведётся.", "C:inquiry"),
    ("Его семья и племянник уехали, а заседание совета перенесли.", "C:ruling elite"),
    ("Его семья и племянник уехали, а заседание совета перенесли.", "C:summit"),
    ("Кто-то орал на площади; в интернете появилось видео.", "C:internet shutdown"),
    ("Кто-то орал на площади; в интернете появилось видео.", "E:uralsk"),
    ("Кто-то орал на площади; в интернете появилось видео.", "C:anti-terrorist operation"),
    ("Заложник был освобожден, требования к банкам ужесточили.", "C:resign"),
    ("Заложник был освобожден, требования к банкам ужесточили.", "C:protest demands"),
    ("Demand for tea fell; he talked about a fatal error and beat the record.", "C:protest demands"),
    ("Demand for tea fell; he talked about a fatal error and beat the record.", "C:negotiations"),
    ("Demand for tea fell; he talked about a fatal error and beat the record.", "C:killed"),
    ("Demand for tea fell; he talked about a fatal error and beat the record.", "C:torture"),
    ("A bank robbery in Ohio; the robbed clerk was unhurt.", "C:looting"),
    ("Рано утром они пытались пройти; охват аудитории вырос.", "C:wounded"),
    ("Рано утром они пытались пройти; охват аудитории вырос.", "C:torture"),
    ("Рано утром они пытались пройти; охват аудитории вырос.", "C:spread of unrest"),
    ("The foreign minister flew abroad for talks.", "C:foreign involvement"),
    ("Elite athletes trained for the games.", "C:ruling elite"),
    ("Fans called the transfer a betrayal.", "C:treason"),
])
def test_an_ordinary_word_is_not_the_entity_or_family(text: str, wrong: str) -> None:
    assert wrong not in _features(text)


@pytest.mark.parametrize(("text", "right"), [
    ("Amnesty International said police beat detainees in Minsk.", "E:amnesty international"),
    ("Tokayev offered an amnesty to those who laid down their arms.", "C:amnesty"),
    ("Washington urged restraint in Colombo.", "E:united states"),
    ("The US and the UN called for talks.", "E:united states"),
    ("The US and the UN called for talks.", "E:united nations"),
    ("The UN Security Council met on Sri Lanka.", "E:un security council"),
    ("A state of emergency was declared in Sri Lanka.", "C:state of emergency"),
    ("Moscow sent troops at the request of Minsk.", "C:deploy"),
    ("At least 20 people lost their lives.", "C:killed"),
    ("The ruling family kept its assets abroad.", "C:ruling elite"),
    ("Officials admitted an intelligence failure.", "C:intelligence failure"),
    ("Troops arrived in Almaty.", "C:deploy"),
    ("Правительство ввело режим ЧП.", "C:state of emergency"),
    ("Началась КТО.", "C:anti-terrorist operation"),
    ("Russia pledged to withdraw its contingent.", "C:withdrawal"),
    ("Bread prices doubled in Colombo within a month.", "C:price doubling"),
    ("Armed criminals looted the shops.", "C:criminal groups"),
    ("Talks resumed after fatalities and beatings; the crowd's demands grew.", "C:negotiations"),
    ("Talks resumed after fatalities and beatings; the crowd's demands grew.", "C:killed"),
    ("Talks resumed after fatalities and beatings; the crowd's demands grew.", "C:torture"),
    ("Talks resumed after fatalities and beatings; the crowd's demands grew.", "C:protest demands"),
    ("Officials blamed foreign fighters and outside interference.", "C:foreign involvement"),
    ("Протесты охватили Минск, десятки человек были ранены.", "C:spread of unrest"),
    ("Протесты охватили Минск, десятки человек были ранены.", "C:wounded"),
    ("Задержанных пытали в изоляторе.", "C:torture"),
    ("The elites of the country kept their assets.", "C:ruling elite"),
])
def test_the_entity_or_family_still_fires_in_context(text: str, right: str) -> None:
    assert right in _features(text)


def test_a_name_needs_its_capital_but_the_same_word_keeps_its_own_family() -> None:
    table = build_table(parse_table("org\tAmnesty\tAmnesty\nterm\tpardon\tamnesty\n"))
    assert "E:amnesty" in extract("Amnesty said", table)
    assert "C:pardon" in extract("an amnesty was offered", table)
    assert "E:amnesty" not in extract("an amnesty was offered", table)
