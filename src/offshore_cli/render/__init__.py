"""Renderers: report objects in, text out. They format; they never compute a figure."""
