"""Toolbar controls: the unit, the minimum-score slider and its colour legend."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from compare.engine.scoring import CANDIDATE_FLOOR
from compare.gui.theme import LIGHT, SCORE_HIGH, SCORE_LOW, Theme
from compare.model.records import UNITS, Unit

UNIT_LABELS = {"paragraph": "Paragraphs", "sentence": "Sentences"}


class ScoreLegend(QWidget):
    """The highlight colours from weak to strong, so the colours can be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = LIGHT
        self.setFixedSize(QSize(116, 22))
        self.setToolTip(f"Highlight colour by link score: faint ≈ {SCORE_LOW:.0f}, "
                        f"saturated ≥ {SCORE_HIGH:.0f}")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(34, 6, 48, 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(6):
            score = SCORE_LOW + (SCORE_HIGH - SCORE_LOW) * i / 5
            gradient.setColorAt(i / 5, self.theme.link_colour(score))
        painter.setPen(self.palette().mid().color())
        painter.setBrush(gradient)
        painter.drawRoundedRect(bar, 3, 3)
        painter.setPen(self.palette().windowText().color())
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, 0, 31, 22), Qt.AlignmentFlag.AlignRight | middle, "weak")
        painter.drawText(QRectF(85, 0, 31, 22), Qt.AlignmentFlag.AlignLeft | middle, "strong")
        painter.end()


class AlignControls(QWidget):
    """Unit chooser and minimum-score slider; emits what the user asks for."""

    unitChosen = Signal(str)
    thresholdChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = QComboBox()
        self.unit.setObjectName("unitChooser")
        for unit in UNITS:
            self.unit.addItem(UNIT_LABELS[unit], unit)
        self.unit.setToolTip("What a passage is: a paragraph or a sentence (re-aligns)")
        self.unit.activated.connect(lambda i: self.unitChosen.emit(self.unit.itemData(i)))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("thresholdSlider")
        self.slider.setRange(int(CANDIDATE_FLOOR), 100)
        self.slider.setFixedWidth(140)
        self.slider.setPageStep(5)
        self.slider.setToolTip("Minimum score: links below it are hidden (no re-alignment needed)")
        self.value = QLabel()
        self.value.setObjectName("thresholdValue")
        self.value.setMinimumWidth(24)
        self.slider.valueChanged.connect(self._changed)
        self.legend = ScoreLegend()
        # Never wider than its contents: a toolbar shares spare width among expanding
        # widgets, which left each label floating far from its control on a wide screen.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.unit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(QLabel("Passages"))
        layout.addWidget(self.unit)
        layout.addSpacing(10)
        layout.addWidget(QLabel("Min score"))
        layout.addWidget(self.slider)
        layout.addWidget(self.value)
        layout.addWidget(self.legend)

    def _changed(self, value: int) -> None:
        self.value.setText(str(value))
        self.thresholdChanged.emit(float(value))

    def set_state(self, unit: Unit, threshold: float) -> None:
        self.unit.setCurrentIndex(self.unit.findData(unit))
        self.slider.blockSignals(True)
        self.slider.setValue(round(threshold))
        self.slider.blockSignals(False)
        self.value.setText(str(round(threshold)))
