"""A pane's title bar: which account this is, what kind, and (for a digest) what it draws on."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compare.gui.badges import (
    BADGE_HEIGHT,
    byline,
    kind_icon,
    menu_text,
    reference_line,
    source_tooltip,
)
from compare.model.records import Source


class ElidedLabel(QLabel):
    """A one-line label that shrinks with "…" instead of widening its pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # a byline is the document's: never markup or a link
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))


TITLE_LINES = 2


class TitleLabel(QLabel):
    """The pane's title on up to two lines, ended with "…" only past the second.

    In three or four panes one line held about fifteen characters of a title;
    two wrapped lines hold the distinguishing part of most (issue 12, defect 4).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # a title is the document's: "<a href=…>" stays text
        self.setWordWrap(True)
        font = self.font()  # bold set here, not in the style sheet, so the fitting measures it
        font.setWeight(font.Weight.DemiBold)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _height(self, text: str) -> int:
        """The height the label itself lays `text` out in at its width.

        Measured by the label (its word wrap, margins and style-sheet padding), not by
        `QFontMetrics.boundingRect`, whose wrapping differs from QLabel's by a few pixels
        of width: a title it said fitted two lines was drawn on three and clipped.
        """
        self.setText(text)
        return self.heightForWidth(max(1, self.width()))

    def _fit(self) -> None:
        """The longest prefix of the title (cut at a word where possible) that fits two lines."""
        limit = self._height("\n".join(["M"] * TITLE_LINES))
        text = self._full
        if self._height(text) > limit:
            low, high = 0, len(text)
            while low < high:
                mid = (low + high + 1) // 2
                if self._height(text[:mid].rstrip() + "…") <= limit:
                    low = mid
                else:
                    high = mid - 1
            cut = text[:low]
            if " " in cut.strip():
                cut = cut[:cut.rstrip().rfind(" ")]
            text = cut.rstrip() + "…"
        self.setText(text)
        self.setMaximumHeight(limit)


class BadgeChooser(QComboBox):
    """The source chooser drawn as the kind badge and its arrow: the title beside it says the rest."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = ""
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.iconSize().width() + 34, hint.height())


class PaneHeader(QWidget):
    """Source chooser with kind badges, byline, references menu and a close button."""

    sourceChosen = Signal(str)
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paneHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.chooser = BadgeChooser()
        self.chooser.setObjectName("sourceChooser")
        self.chooser.setIconSize(QSize(52, BADGE_HEIGHT))
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(0)
        self.chooser.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.title = TitleLabel()
        self.title.setObjectName("paneTitle")
        self.chooser.setToolTip("Choose the account shown in this pane")
        # An item-view delegate, so the list follows the style sheet's item colours (the
        # default menu-like delegate drew the hovered item white on near-white).
        self.chooser.setItemDelegate(QStyledItemDelegate(self.chooser))
        self.chooser.activated.connect(lambda i: self.sourceChosen.emit(self.chooser.itemData(i)))
        self.references = QToolButton()
        self.references.setObjectName("referencesButton")
        self.references.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.close_button = QToolButton()
        self.close_button.setObjectName("closePane")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close this pane")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.closeRequested)
        self.byline = ElidedLabel()
        self.byline.setObjectName("byline")
        self.byline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.chooser, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(2, 0, 0, 0)
        bottom.setSpacing(8)
        bottom.addWidget(self.byline, 1)
        bottom.addWidget(self.references)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 7, 8, 6)
        outer.setSpacing(3)
        outer.addLayout(top)
        outer.addLayout(bottom)

    def set_sources(self, sources: tuple[Source, ...], current: Source) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for source in sources:
            self.chooser.addItem(kind_icon(source.meta.kind), source.meta.title, source.id)
            self.chooser.setItemData(self.chooser.count() - 1, source_tooltip(source.meta),
                                     Qt.ItemDataRole.ToolTipRole)
        self.chooser.setCurrentIndex(self.chooser.findData(current.id))
        self.chooser.blockSignals(False)
        meta = current.meta
        tip = source_tooltip(meta)
        self.chooser.setToolTip(tip)
        self.title.set_full_text(meta.title)
        self.title.setToolTip(tip)
        self.byline.set_full_text(byline(meta) or meta.url)
        self.byline.setToolTip(tip)
        menu = QMenu(self.references)
        for ref in meta.references:
            # The address escaped inside a paragraph, so a tooltip never renders markup from it.
            action = QAction(menu_text(reference_line(ref.title, ref.outlet, ref.date)), menu)
            action.setToolTip(f"<p>{html.escape(ref.url or 'no address given')}</p>")
            action.setData(ref.url)
            menu.addAction(action)
        menu.setToolTipsVisible(True)
        self.references.setMenu(menu)
        count = len(meta.references)
        self.references.setText(f"{count} reference{'s' if count != 1 else ''} ▾")
        self.references.setToolTip("What this digest draws on" if meta.is_digest
                                   else "Works this source cites")
        self.references.setVisible(count > 0)
        self.setProperty("digest", meta.is_digest)
        self.style().unpolish(self)
        self.style().polish(self)

    def set_closable(self, closable: bool) -> None:
        self.close_button.setVisible(closable)
