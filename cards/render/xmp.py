"""A card's text (the keys and values a PNG keeps in iTXt chunks) as an XMP packet, for
the formats that have no text chunks of their own (JPEG, WebP), and back.

Each key is one element in the `cards` namespace, its value the element's text, so the
round trip is exact for any script. A packet read from a file is untrusted: it is
refused above a size, and with a DOCTYPE (XMP never has one; entities are how an XML
file is made to grow without bound).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

NAMESPACE = "urn:x-cards:text:1.0#"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# More than a card's text ever needs (a few KB), small enough to parse at once.
MAX_PACKET = 1_000_000

# PNG keywords cards writes are plain words; as element names they must be XML names.
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

# XML 1.0 cannot carry these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xmp_packet(text: Mapping[str, str]) -> bytes:
    """The packet for `text`: the same key/values `read_xmp` gives back."""
    fields = []
    for key, value in text.items():
        if not _KEY.fullmatch(key):
            raise ValueError(f"{key!r} is not a name XMP can hold")
        fields.append(f"   <cards:{key}>{_escaped(value)}</cards:{key}>\n")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f' <rdf:RDF xmlns:rdf="{_RDF}">\n'
        f'  <rdf:Description rdf:about="" xmlns:cards="{NAMESPACE}">\n'
        + "".join(fields)
        + "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode("utf-8")


def _escaped(value: str) -> str:
    # A carriage return would reach a reader as a line feed: a reference keeps it. A
    # character XML cannot hold at all (a control character) becomes U+FFFD.
    value = _NOT_XML.sub("\ufffd", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def read_xmp(packet: bytes) -> dict[str, str]:
    """The `cards` key/values of an XMP packet, in the order written; {} if it has none.
    Raises ValueError for a packet that is too large, not UTF-8 or has a DOCTYPE, and
    ElementTree's ParseError for one that is not XML."""
    from xml.etree import ElementTree  # lazy: keeps start-up fast

    if len(packet) > MAX_PACKET:
        raise ValueError(f"its XMP metadata is {len(packet):,} bytes; a card's is a few KB")
    text = packet.decode("utf-8").strip("\ufeff\x00 \t\r\n")  # cards writes UTF-8
    if "<!DOCTYPE" in text.upper():
        raise ValueError("its XMP metadata has a DOCTYPE, which XMP never has")
    root = ElementTree.fromstring(text)
    found: dict[str, str] = {}
    prefix = "{" + NAMESPACE + "}"
    for description in root.iter(f"{{{_RDF}}}Description"):
        # A tool that rewrites the packet may turn simple elements into attributes.
        for name, value in description.attrib.items():
            if name.startswith(prefix):
                found[name.removeprefix(prefix)] = value
        for element in description:
            if element.tag.startswith(prefix):
                found[element.tag.removeprefix(prefix)] = element.text or ""
    return found
