"""The Thai demo directory (manage.py loaddemo): data written from the seed pages in sources/."""
