from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.normalise import normalise, normalise_with_map


def test_folds_only_whitespace_quotes_apostrophes_and_dashes():
    """Curly quotes, apostrophes, dashes and whitespace runs fold; case and spelling do not."""
    assert (
        normalise("  “It’s  a\n trust – not ‘outsourcing’”  ")
        == "\"It's a trust - not 'outsourcing'\""
    )
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


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*"ab ’‘“”—–-\t\n\r\u00a0\u2003\u2028x.", " "]), max_size=40)
)
def test_the_fast_normalise_equals_the_mapped_one(text):
    """normalise (no map, for speed) gives exactly what normalise_with_map gives."""
    assert normalise(text) == normalise_with_map(text)[0]
