"""The only code that touches docxtpl, jinja2, lxml and python-docx.

``template`` compiles and renders untrusted templates in a sandbox; ``frame``
prepares a template's package once so each render only fills and zips (``zipout``
writes the archive, reusing parts compressed once); ``parts``
writes the Word parts python-docx has no API for (footnotes, custom
properties); ``runs`` builds run XML from plain text; ``record`` is the record
a rendered document carries; ``package`` reads a ``.docx`` safely (bounded
sizes, no entities); ``pdf`` converts through LibreOffice.
"""
