from hypothesis import given
from hypothesis import strategies as st

from evidence.normalise import normalise, normalise_with_map


def test_folds_only_whitespace_quotes_apostrophes_and_dashes():
    """Curly quotes, apostrophes, dashes and whitespace runs fold; case and spelling do not."""
    assert normalise("  “It’s  a\n trust – not ‘outsourcing’”  ") == "\"It's a trust - not 'outsourcing'\""
    assert normalise("OFSTED front-line") != normalise("Ofsted front line")


@given(st.text())
def test_normalising_twice_changes_nothing(text: str):
    """Normalisation is idempotent."""
    assert normalise(normalise(text)) == normalise(text)


@given(st.text())
def test_every_normalised_character_maps_back_to_its_original(text: str):
    """The offset map points at the character each normalised one came from."""
    norm, offsets = normalise_with_map(text)
    assert len(norm) == len(offsets)
    for char, at in zip(norm, offsets, strict=True):
        original = text[at]
        assert (char == " " and original.isspace()) or normalise(original) == char
