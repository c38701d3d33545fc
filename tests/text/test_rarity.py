"""The frequency dictionaries can be let go once a run's words are rated, and come back when needed."""

from __future__ import annotations

from compare.text.normalize import general_rarity, release_frequency_lists


def test_released_dictionaries_are_loaded_again_for_a_new_word() -> None:
    import wordfreq

    general_rarity.cache_clear()  # rated afresh, so the dictionaries are read
    before = general_rarity("akimat"), general_rarity("правительство")
    assert wordfreq.get_frequency_dict.cache_info().currsize > 0
    release_frequency_lists()
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.get_frequency_list.cache_info().currsize == 0
    general_rarity.cache_clear()
    assert (general_rarity("akimat"), general_rarity("правительство")) == before
