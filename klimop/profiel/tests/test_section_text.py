from klimop.profiel.templatetags.profiel_tekst import alineas


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    assert alineas("Eerste regel\ntweede regel\n\nNieuwe alinea") == (
        "<p>Eerste regel<br>tweede regel</p>\n<p>Nieuwe alinea</p>"
    )


def test_lines_starting_with_a_dash_become_a_list_even_right_after_a_paragraph():
    assert alineas("Wij hebben:\n- een IB'er\n- een plusklas\r\n\r\nSlot.") == (
        "<p>Wij hebben:</p>\n<ul><li>een IB&#x27;er</li><li>een plusklas</li></ul>\n<p>Slot.</p>"
    )


def test_html_in_the_text_is_escaped():
    assert (
        alineas("<b>vet</b>\n- <i>schuin</i>")
        == "<p>&lt;b&gt;vet&lt;/b&gt;</p>\n<ul><li>&lt;i&gt;schuin&lt;/i&gt;</li></ul>"
    )


def test_empty_text_renders_nothing():
    assert alineas("") == "" and alineas("\n\n  \n") == ""
