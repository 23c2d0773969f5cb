"""Spreadsheets in and out: import with a preview, exports, the template workbook, backup and restore."""
