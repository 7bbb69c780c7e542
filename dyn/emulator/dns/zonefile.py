"""Zone files: BIND master-file text <-> API record data, with dnspython.

:func:`parse_zone_file` reads a master file (``dns.zone.from_text``, origin = the zone,
names kept absolute) and turns every record into the API's rdata field names (those of
:mod:`dyn.tm.record_types`); :func:`to_api` converts one dnspython rdata and
:func:`to_text` goes the other way (API rdata to master-file rdata text), which
:func:`export_zone_file` uses to write a whole zone.

The values are *not* validated here: the caller runs them through
:meth:`~dyn.tm.record_types.RecordType.check_wire`, like any API request. dnspython is
imported inside the functions, so importing this module (and ``dyn.emulator``) stays
cheap.
"""
from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Tuple

__all__ = ["ZoneFileError", "ParsedRecord", "MAX_FILE_BYTES", "parse_zone_file", "to_api", "to_text",
           "export_zone_file", "SUPPORTED_TYPES", "rname_to_email", "email_to_rname"]

MAX_FILE_BYTES = 1_048_576
"""Largest zone file accepted (1 MB, as the API documents)."""


class ZoneFileError(ValueError):
    """A zone file that cannot be used; ``problem`` is the text for the client."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class ParsedRecord(NamedTuple):
    """One record of a zone file in API form (values not yet validated)."""

    fqdn: str
    rtype: str
    ttl: int
    rdata: Dict[str, Any]
    top: Dict[str, Any]


# -- small conversions ---------------------------------------------------------------------------

def _name(value: Any) -> str:
    return value.to_text()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _hex(data: bytes) -> str:
    return binascii.hexlify(data).decode("ascii").upper()


def _absolute(name: str) -> str:
    return name if name.endswith(".") else name + "."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def rname_to_email(rname: str) -> str:
    """An SOA mailbox name (``hostmaster.example.com.``; ``\\.`` escapes a dot in the
    local part) as an e-mail address with a trailing dot (``hostmaster@example.com.``)."""
    import dns.name

    labels = dns.name.from_text(rname).labels
    if len(labels) < 3:  # local part only (plus the root): keep the name form
        return rname
    local = labels[0].decode("utf-8", errors="replace")
    domain = dns.name.Name(labels[1:]).to_text()
    return f"{local}@{domain}"


def email_to_rname(value: str) -> str:
    """Inverse of :func:`rname_to_email` (a name without ``@`` is kept)."""
    if "@" not in value:
        return _absolute(value)
    local, _, domain = value.partition("@")
    return local.replace(".", "\\.") + "." + _absolute(domain)


def _txt_to_api(rd: Any) -> Dict[str, Any]:
    strings = [_decode(item) for item in rd.strings]
    if len(strings) == 1:
        return {"txtdata": strings[0]}
    return {"txtdata": " ".join(_quote(item) for item in strings)}


def _txt_to_text(rdata: Dict[str, Any]) -> str:
    text = str(rdata["txtdata"])
    if text.startswith('"'):
        return text
    raw = text.encode("utf-8")
    chunks = [raw[index:index + 255] for index in range(0, len(raw), 255)] or [b""]
    return " ".join(_quote(chunk.decode("utf-8", errors="replace")) for chunk in chunks)


def _loc_to_api(rd: Any) -> Dict[str, Any]:
    parts = rd.to_text().split()
    numbers = [_meters(item) for item in parts[8:]]
    numbers += [None] * (4 - len(numbers))
    altitude, size, horiz, vert = numbers
    data = {"latitude": " ".join(parts[0:4]), "longitude": " ".join(parts[4:8]), "altitude": altitude}
    data["size"] = size if size is not None else 1
    data["horiz_pre"] = horiz if horiz is not None else 10000
    data["vert_pre"] = vert if vert is not None else 10
    return data


def _meters(text: str) -> Any:
    number = float(text.rstrip("mM"))
    return int(number) if number.is_integer() else number


def _coordinate_text(value: Any, hemispheres: str) -> str:
    if isinstance(value, str) and value.split() and value.split()[-1].upper() in hemispheres:
        return value
    number = float(value)
    hemisphere = hemispheres[0] if number >= 0 else hemispheres[1]
    number = abs(number)
    degrees = int(number)
    minutes_full = (number - degrees) * 60
    minutes = int(minutes_full)
    seconds = (minutes_full - minutes) * 60
    return f"{degrees} {minutes} {seconds:.3f} {hemisphere}"


def _loc_to_text(rdata: Dict[str, Any]) -> str:
    return (f"{_coordinate_text(rdata['latitude'], 'NS')} {_coordinate_text(rdata['longitude'], 'EW')} "
            f"{rdata['altitude']}m {rdata.get('size', 1)}m {rdata.get('horiz_pre', 10000)}m "
            f"{rdata.get('vert_pre', 10)}m")


_CSYNC_FLAGS = (("immediate", 1), ("soaminimum", 2))


def _csync_to_api(rd: Any) -> Dict[str, Any]:
    parts = rd.to_text().split()
    flags = [name for name, bit in _CSYNC_FLAGS if rd.flags & bit]
    return {"soa_serial": rd.serial, "flags": ",".join(flags), "types": ",".join(parts[2:])}


def _csync_to_text(rdata: Dict[str, Any]) -> str:
    flags = rdata.get("flags") or ""
    names = flags.split(",") if isinstance(flags, str) else list(flags)
    bits = sum(bit for name, bit in _CSYNC_FLAGS if name in [item.strip().lower() for item in names])
    types = rdata.get("types") or ""
    types = types.split(",") if isinstance(types, str) else list(types)
    return f"{rdata['soa_serial']} {bits} " + " ".join(item.strip().upper() for item in types if item.strip())


def _ipseckey_gateway(rdata: Dict[str, Any]) -> str:
    gateway = rdata.get("gateway")
    return "." if gateway in (None, "") else str(gateway)


# -- the table --------------------------------------------------------------------------------

ToApi = Callable[[Any], Dict[str, Any]]
ToText = Callable[[Dict[str, Any]], str]


def _host_type(key: str) -> Tuple[ToApi, ToText]:
    return (lambda rd: {key: _name(rd.target)}), (lambda d: _absolute(d[key]))


def _preference_host() -> Tuple[ToApi, ToText]:
    return (lambda rd: {"exchange": _name(rd.exchange), "preference": rd.preference},
            lambda d: f"{d['preference']} {_absolute(d['exchange'])}")


def _dnskey() -> Tuple[ToApi, ToText]:
    return (lambda rd: {"algorithm": int(rd.algorithm), "flags": rd.flags, "protocol": rd.protocol,
                        "public_key": _b64(rd.key)},
            lambda d: f"{d['flags']} {d['protocol']} {d['algorithm']} {d['public_key']}")


def _ds() -> Tuple[ToApi, ToText]:
    return (lambda rd: {"digest": _hex(rd.digest), "keytag": rd.key_tag, "algorithm": int(rd.algorithm),
                        "digtype": rd.digest_type},
            lambda d: f"{d['keytag']} {d['algorithm']} {d['digtype']} {d['digest']}")


CONVERTERS: Dict[str, Tuple[ToApi, ToText]] = {
    "A": (lambda rd: {"address": rd.address}, lambda d: d["address"]),
    "AAAA": (lambda rd: {"address": rd.address}, lambda d: d["address"]),
    "CAA": (lambda rd: {"flags": rd.flags, "tag": _decode(rd.tag), "value": _decode(rd.value)},
            lambda d: f"{d['flags']} {d['tag']} {_quote(str(d['value']))}"),
    "CDNSKEY": _dnskey(),
    "CDS": _ds(),
    "CERT": (lambda rd: {"format": rd.certificate_type, "tag": rd.key_tag, "algorithm": int(rd.algorithm),
                         "certificate": _b64(rd.certificate)},
             lambda d: f"{d['format']} {d['tag']} {d['algorithm']} {d['certificate']}"),
    "CNAME": _host_type("cname"),
    "CSYNC": (_csync_to_api, _csync_to_text),
    "DHCID": (lambda rd: {"digest": _b64(rd.data)}, lambda d: d["digest"]),
    "DNAME": _host_type("dname"),
    "DNSKEY": _dnskey(),
    "DS": _ds(),
    "IPSECKEY": (lambda rd: {"precedence": rd.precedence, "gatetype": rd.gateway_type,
                             "algorithm": rd.algorithm,
                             "gateway": "." if rd.gateway is None else
                             (rd.gateway if isinstance(rd.gateway, str) else _name(rd.gateway)),
                             "public_key": _b64(rd.key)},
                 lambda d: f"{d['precedence']} {d['gatetype']} {d['algorithm']} {_ipseckey_gateway(d)} "
                           f"{d['public_key']}"),
    "KEY": _dnskey(),
    "KX": _preference_host(),
    "LOC": (_loc_to_api, _loc_to_text),
    "MX": _preference_host(),
    "NAPTR": (lambda rd: {"order": rd.order, "preference": rd.preference, "flags": _decode(rd.flags),
                          "services": _decode(rd.service), "regexp": _decode(rd.regexp),
                          "replacement": _name(rd.replacement)},
              lambda d: f"{d['order']} {d['preference']} {_quote(str(d.get('flags', '')))} "
                        f"{_quote(str(d.get('services', '')))} {_quote(str(d.get('regexp', '')))} "
                        f"{_absolute(d['replacement'])}"),
    "NS": _host_type("nsdname"),
    "NSAP": (lambda rd: {"nsap": "0x" + _hex(rd.address)}, lambda d: d["nsap"]),
    "PTR": _host_type("ptrdname"),
    "PX": (lambda rd: {"preference": rd.preference, "map822": _name(rd.map822), "mapx400": _name(rd.mapx400)},
           lambda d: f"{d['preference']} {_absolute(d['map822'])} {_absolute(d['mapx400'])}"),
    "RP": (lambda rd: {"mbox": _name(rd.mbox), "txtdname": _name(rd.txt)},
           lambda d: f"{email_to_rname(d['mbox'])} {_absolute(d['txtdname'])}"),
    "SOA": (lambda rd: {"mname": _name(rd.mname), "rname": rname_to_email(_name(rd.rname)), "serial": rd.serial,
                        "refresh": rd.refresh, "retry": rd.retry, "expire": rd.expire, "minimum": rd.minimum},
            lambda d: f"{_absolute(d['mname'])} {email_to_rname(d['rname'])} {d.get('serial', 0)} "
                      f"{d.get('refresh', 3600)} {d.get('retry', 600)} {d.get('expire', 604800)} "
                      f"{d.get('minimum', 1800)}"),
    "SPF": (_txt_to_api, _txt_to_text),
    "SRV": (lambda rd: {"port": rd.port, "priority": rd.priority, "target": _name(rd.target), "weight": rd.weight},
            lambda d: f"{d['priority']} {d['weight']} {d['port']} {_absolute(d['target'])}"),
    "SSHFP": (lambda rd: {"algorithm": rd.algorithm, "fptype": rd.fp_type, "fingerprint": _hex(rd.fingerprint)},
              lambda d: f"{d['algorithm']} {d['fptype']} {d['fingerprint']}"),
    "TLSA": (lambda rd: {"cert_usage": rd.usage, "selector": rd.selector, "match_type": rd.mtype,
                         "certificate": _hex(rd.cert)},
             lambda d: f"{d['cert_usage']} {d['selector']} {d['match_type']} {d['certificate']}"),
    "TXT": (_txt_to_api, _txt_to_text),
}
"""Per API type: (dnspython rdata -> API rdata, API rdata -> master-file text)."""

SUPPORTED_TYPES: Tuple[str, ...] = tuple(sorted(CONVERTERS))
"""The API types a zone file may hold (every API type dnspython knows: all but ALIAS)."""

TOP_LEVEL_DEFAULTS: Dict[str, Dict[str, Any]] = {"NS": {"service_class": ""}}
"""Top-level fields given to imported records."""


def to_api(rd: Any) -> Tuple[str, Dict[str, Any]]:
    """``(API type, API rdata)`` of a dnspython rdata.

    :raises ZoneFileError: for a type the API does not have (``HINFO``, ``RRSIG``, ...).
    """
    import dns.rdatatype

    name = dns.rdatatype.to_text(rd.rdtype)
    converter = CONVERTERS.get(name)
    if converter is None:
        raise ZoneFileError(f"Unsupported record type {name}")
    rdata = converter[0](rd)
    # dnspython uses IntEnum / IntFlag for some numbers: plain ints for JSON and equality
    return name, {key: int(value) if isinstance(value, int) and not isinstance(value, bool) else value
                  for key, value in rdata.items()}


def to_text(rtype: str, rdata: Dict[str, Any]) -> str:
    """The master-file rdata text of API ``rdata`` (names made absolute).

    :raises ZoneFileError: for a type dnspython does not know (ALIAS).
    """
    converter = CONVERTERS.get(rtype)
    if converter is None:
        raise ZoneFileError(f"Unsupported record type {rtype}")
    return converter[1](rdata)


def parse_zone_file(text: Any, origin: str, default_ttl: Optional[int] = None) -> List[ParsedRecord]:
    """Every record of a master file whose origin is ``origin`` (normalised zone name).

    Record owner names are normalised (lower-case, no trailing dot); names outside the
    zone are skipped (as dnspython does). ``default_ttl`` is used for records without a
    TTL when the file has no ``$TTL`` (else dnspython's rule: the SOA minimum).

    :raises ZoneFileError: not a string, larger than :data:`MAX_FILE_BYTES`, a syntax
        error, or an unsupported type (the whole file is refused).
    """
    if not isinstance(text, str) or not text.strip():
        raise ZoneFileError("Zone file text expected")
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ZoneFileError("Zone file is larger than 1 MB")
    import dns.exception
    import dns.zone

    shift = 0
    if default_ttl is not None and "$ttl" not in text.lower():
        text, shift = f"$TTL {int(default_ttl)}\n{text}", 1
    try:
        zone = dns.zone.from_text(text, origin=origin + ".", relativize=False, check_origin=False)
    except dns.exception.DNSException as problem:
        raise ZoneFileError(_problem_text(problem, shift)) from None
    except (ValueError, UnicodeError) as problem:  # dnspython raises these for some bad input
        raise ZoneFileError(f"Invalid zone file: {problem}") from None
    records: List[ParsedRecord] = []
    for name, ttl, rd in zone.iterate_rdatas():
        rtype, rdata = to_api(rd)
        fqdn = name.to_text(omit_final_dot=True).lower()
        records.append(ParsedRecord(fqdn, rtype, int(ttl), rdata, dict(TOP_LEVEL_DEFAULTS.get(rtype, {}))))
    return records


def _problem_text(problem: Exception, shift: int = 0) -> str:
    text = re.sub(r"<string>:(\d+):", lambda found: f"line {int(found.group(1)) - shift}:", str(problem))
    marker = "unknown rdatatype '"
    if marker in text:
        return "Unsupported record type " + text.split(marker, 1)[1].split("'", 1)[0].upper()
    return text or type(problem).__name__


def export_zone_file(zone: str, records: Iterable[Tuple[str, str, int, Dict[str, Any]]]) -> str:
    """A master file for ``zone`` from ``(fqdn, type, ttl, rdata)`` tuples (absolute
    names; types without a master-file form, ALIAS, are written as comments)."""
    lines = [f"$ORIGIN {_absolute(zone)}"]
    for fqdn, rtype, ttl, rdata in records:
        try:
            lines.append(f"{_absolute(fqdn)} {ttl} IN {rtype} {to_text(rtype, rdata)}")
        except ZoneFileError:
            lines.append(f"; {_absolute(fqdn)} {ttl} IN {rtype} {rdata}")
    return "\n".join(lines) + "\n"
