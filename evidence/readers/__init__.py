"""Readers of source formats, one per format: a document's paragraphs as a person sees them.

``docx`` reads Word documents (for sources and for the review of rendered documents);
``package`` reads the zip package under it, bounded, every damage one error.
"""
