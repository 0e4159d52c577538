"""The strings this workstation's scanner sends instead of GS (an editable list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Substitute the scanner sends for GS", "Characters (hex)", "Note")
# GS1 AI encodable character set 82: what a lot or serial may contain (GS1 General
# Specifications 7.11). A one-character substitute from this set can occur inside the data.
GS1_DATA_CHARACTERS = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)


def note(substitute: str) -> str:
    if not substitute:
        return "empty: ignored when saved"
    if len(substitute) == 1 and substitute in GS1_DATA_CHARACTERS:
        return f"'{substitute}' may occur in a lot or serial: the scan would be cut there"
    return ""


class SeparatorsModel(QAbstractTableModel):
    SUBSTITUTE, HEX, NOTE = range(3)

    def __init__(self, separators: list[str] | None = None) -> None:
        super().__init__()
        self._items: list[str] = list(separators or [])

    def separators(self) -> list[str]:
        """The non-empty substitutes, in order, without repeats."""
        return list(dict.fromkeys(s for s in self._items if s))

    def set_separators(self, separators: list[str]) -> None:
        self.beginResetModel()
        self._items = list(separators)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._items):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.SUBSTITUTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == self.SUBSTITUTE:
                return item
            if index.column() == self.HEX:
                return " ".join(f"{ord(c):02X}" for c in item)
            return note(item)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != self.SUBSTITUTE
            or not 0 <= index.row() < len(self._items)
        ):
            return False
        self._items[index.row()] = str(value)
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._items):
            return False
        self.beginInsertRows(parent, row, row + count - 1)
        self._items[row:row] = [""] * count
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._items):
            return False
        self.beginRemoveRows(parent, row, row + count - 1)
        del self._items[row : row + count]
        self.endRemoveRows()
        return True
