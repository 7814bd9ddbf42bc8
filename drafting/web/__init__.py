"""The web face (``drafting serve``): the same library as the command line, as pages.

:mod:`drafting.web.app` builds the application; :mod:`drafting.web.guard` lets in only the
holder of the printed key; :mod:`drafting.web.workspace` keeps the dossier's register loaded
while its files are unchanged; :mod:`drafting.web.dossier_pages` and
:mod:`drafting.web.draft_pages` are the pages; :mod:`drafting.web.pagekit` renders them from
``pages/`` (autoescaped).
"""
