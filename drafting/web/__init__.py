"""The web face (``drafting serve``): the same library as the command line, as pages.

:mod:`drafting.web.app` builds the application; :mod:`drafting.web.guard` lets in only the
holder of the printed key, or with accounts (``--users``) a person signed in
(:mod:`drafting.web.signin`, :mod:`drafting.web.sessions`, :mod:`drafting.web.limits`) whose
role (:mod:`drafting.web.roles`) covers the route, from the users file
(:mod:`drafting.web.users`, changed by :mod:`drafting.web.useredit`);
:mod:`drafting.web.workspace` keeps the dossier's register loaded while its files are
unchanged; :mod:`drafting.web.dossier_pages` and :mod:`drafting.web.draft_pages` are the
pages; :mod:`drafting.web.pagekit` renders them from ``pages/`` (autoescaped).
"""
