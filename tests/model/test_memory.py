"""A command-line process keeps the memory it frees; the app and other systems are left as they are."""

from __future__ import annotations

import platform
import sys

import pytest

from compare.cli import entry
from compare.model import memory


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="mallopt is glibc's")
def test_glibc_takes_the_pad() -> None:
    assert memory.keep_freed_memory(memory.TOP_PAD)


def test_elsewhere_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    assert not memory.keep_freed_memory()


def test_a_command_asks_for_it_and_the_app_does_not(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    asked: list[int] = []
    monkeypatch.setattr(memory, "keep_freed_memory", lambda pad=memory.TOP_PAD: asked.append(pad) or True)
    assert entry.main(["sources"]) == 0
    assert asked == [memory.TOP_PAD]
    monkeypatch.setattr("compare.gui.app.main", lambda args: 0)
    assert entry.main(["--no-such-window-option"]) == 0  # the app's path (its main stood in for)
    assert asked == [memory.TOP_PAD]
