"""Alignment → "Read meaning with e5 as well": the app's switch between both sentence encoders and USE alone.

e5 finds more of what analysts pair (held-out paragraph F1 0.45 against 0.41 with USE alone; in
Russian 0.49 against 0.42, issue 10), but it is most of what new text costs: about 90 ms a paragraph
on two cores against USE's 3 ms, so ten all-new accounts align in 44 s with both and in 6 s with
USE alone. An analyst
reading many fresh pages may want the speed; one reviewing a case, the links. The choice is kept
in the settings and applies from the next alignment: runs made the other way are stale (each engine
names itself, `align.engine_version`) and the shown pairs are aligned again, decisions kept.
`PARALLAX_ONE_ENCODER=1` still holds a process to USE alone, and where e5 is not installed the
switch is off and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compare.engine.semantic import choose_one_encoder, one_encoder_forced, second_installed
from compare.gui.settings import read_bool
from compare.gui.window_actions import make_action

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from compare.gui.host import EncoderHost

__all__ = ["ONE_ENCODER_KEY", "EncoderChoice"]

ONE_ENCODER_KEY = "align/oneEncoder"
TIP = "Two sentence encoders find more links; USE alone aligns new text about eight times faster"


class EncoderChoice:
    """The checkable action, the stored choice, and the re-alignment a change asks for."""

    def __init__(self, host: EncoderHost, window: QWidget, settings: QSettings | None) -> None:
        self.host = host
        self.settings = settings
        available = second_installed() and not one_encoder_forced()
        alone = settings is not None and read_bool(settings, ONE_ENCODER_KEY, False)
        choose_one_encoder(alone)  # before the window asks which runs are current
        self.action = make_action(window, "Read meaning with e5 as well", self._chosen, tip=TIP,
                                  checked=available and not alone)
        self.action.setEnabled(available)
        if not available:
            why = ("PARALLAX_ONE_ENCODER holds this process to USE alone" if one_encoder_forced()
                   else "e5 is not installed here (its wheel is built for Linux on x86-64 only)")
            self.action.setToolTip(why)
            self.action.setStatusTip(why)

    def label(self) -> str:
        """What the status line adds while meaning is read with USE alone where e5 could read it too."""
        return " · USE alone" if self.action.isEnabled() and not self.action.isChecked() else ""

    def _chosen(self, on: bool) -> None:
        choose_one_encoder(not on)
        if self.settings is not None:
            self.settings.setValue(ONE_ENCODER_KEY, not on)
            self.settings.sync()
        self.host.show_status(("Reading meaning with USE and e5" if on else
                               "Reading meaning with USE alone (faster for new text, fewer links)")
                              + ": aligning the shown accounts again, every decision kept.")
        self.host.align_missing()
