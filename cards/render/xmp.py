"""A card's text (the keys and values a PNG keeps in text chunks) as an XMP packet, for
the formats that have no text chunks of their own (JPEG, WebP), and back.

The keys are PNG keywords, which may hold spaces ("Inputs digest") that no XML name can:
so the text is one ordered list (`cards:text`, an rdf:Seq) of key and value pairs, and
the round trip is exact, in order, for any key and any script. A packet read from a file
is untrusted: it is refused above a size, and with a DOCTYPE (XMP never has one; entities
are how an XML file is made to grow without bound).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

NAMESPACE = "urn:x-cards:text:1.0#"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# More than a card's text ever needs (a few KB), small enough to parse at once.
MAX_PACKET = 1_000_000

# XML 1.0 cannot carry these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xmp_packet(text: Mapping[str, str]) -> bytes:
    """The packet for `text`: the same key/values `read_xmp` gives back."""
    pairs = "".join(
        '     <rdf:li rdf:parseType="Resource">'
        f"<cards:key>{_escaped(key)}</cards:key><cards:value>{_escaped(value)}</cards:value>"
        "</rdf:li>\n" for key, value in text.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f' <rdf:RDF xmlns:rdf="{_RDF}">\n'
        f'  <rdf:Description rdf:about="" xmlns:cards="{NAMESPACE}">\n'
        "   <cards:text>\n    <rdf:Seq>\n" + pairs + "    </rdf:Seq>\n   </cards:text>\n"
        "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode("utf-8")


def _escaped(value: str) -> str:
    # A carriage return would reach a reader as a line feed: a reference keeps it. A
    # character XML cannot hold at all (a control character) becomes U+FFFD.
    value = _NOT_XML.sub("\ufffd", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def read_xmp(packet: bytes) -> dict[str, str]:
    """The card text an XMP packet holds, in the order written; {} if it holds none.
    Raises ValueError for a packet that is too large, not UTF-8 or has a DOCTYPE, and
    ElementTree's ParseError for one that is not XML."""
    from xml.etree import ElementTree  # lazy: keeps start-up fast

    if len(packet) > MAX_PACKET:
        raise ValueError(f"its XMP metadata is {len(packet):,} bytes; a card's is a few KB")
    text = packet.decode("utf-8").strip("\ufeff\x00 \t\r\n")  # cards writes UTF-8
    if "<!DOCTYPE" in text.upper():
        raise ValueError("its XMP metadata has a DOCTYPE, which XMP never has")
    root = ElementTree.fromstring(text)
    cards, rdf = "{" + NAMESPACE + "}", "{" + _RDF + "}"
    found: dict[str, str] = {}
    for item in root.iterfind(f".//{cards}text/{rdf}Seq/{rdf}li"):
        key, value = item.find(f"{cards}key"), item.find(f"{cards}value")
        if key is not None and value is not None:
            found[key.text or ""] = value.text or ""
    return found
