"""Every value check of dyn.validation: accepted values (and their clean form), rejected
values (and the problem text), and the edges."""
import pytest

from dyn import validation as v
from dyn.validation import Problem


def rejects(check, value, problem=None):
    with pytest.raises(ValueError) as info:
        check(value)
    if problem is not None:
        assert problem in str(info.value)
    return info.value


# -- Problem -------------------------------------------------------------------------------

def test_problem_names_field_value_and_problem():
    problem = Problem("address", "1.2.3", "IP address expected", valid="a.b.c.d")
    assert isinstance(problem, ValueError)
    assert str(problem) == "address: IP address expected"
    assert (problem.field, problem.value, problem.problem, problem.valid) == (
        "address", "1.2.3", "IP address expected", "a.b.c.d")
    assert Problem("x", 1, "bad").valid is None


# -- integers ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, clean", [(0, 0), (-7, -7), (65535, 65535), ("42", 42), ("+5", 5), ("-3", -3),
                                          (" 12 ", 12), (10 ** 20, 10 ** 20)])
def test_integer_accepts_ints_and_digit_strings(value, clean):
    assert v.integer(value) == clean
    assert type(v.integer(value)) is int


@pytest.mark.parametrize("value", [True, False, 1.0, 2.5, "1.0", "", " ", "ten", "1e3", "0x10", None, [1],
                                   "\u0663", "5\n6", "--1"])
def test_integer_rejects_everything_else(value):
    rejects(v.integer, value, "Integer expected")


def test_int_range_bounds_are_inclusive():
    check = v.int_range(1, 5)
    assert check.valid == "1..5"
    assert check(1) == 1 and check("5") == 5
    rejects(check, 0, "Must be between 1 and 5")
    rejects(check, 6, "Must be between 1 and 5")
    rejects(check, "x", "Integer expected")
    rejects(check, True, "Integer expected")


def test_one_of_with_a_conversion_and_case_insensitive_strings():
    numbers = v.one_of((1, 2, 4), v.integer)
    assert numbers.valid == (1, 2, 4)
    assert numbers("2") == 2 and numbers(4) == 4
    rejects(numbers, 3, "Must be one of 1, 2, 4")
    rejects(numbers, "two", "Integer expected")
    words = v.one_of(("increment", "epoch"))
    assert words("EPOCH") == "epoch"
    assert words("increment") == "increment"
    rejects(words, "day", "Must be one of increment, epoch")
    rejects(words, None)


# -- TTL -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1, 300, "3600", v.TTL_MAX])
def test_ttl_accepts_zero_to_max(value):
    assert v.ttl(value) == int(value)


@pytest.mark.parametrize("value, problem", [(-1, "Must be between 0 and 2147483647"),
                                            (v.TTL_MAX + 1, "Must be between"), ("1h", "Integer expected"),
                                            (3.5, "Integer expected"), (None, "Integer expected")])
def test_ttl_rejects_out_of_range_and_non_integers(value, problem):
    rejects(v.ttl, value, problem)


def test_ttl_max_is_2_to_the_31_minus_1():
    assert v.TTL_MAX == 2 ** 31 - 1


# -- addresses -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.0"])
def test_ipv4_accepts_dotted_quads_as_given(value):
    assert v.ipv4(value) == value


@pytest.mark.parametrize("value", ["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", " 1.2.3.4", "1.2.3.4\n", "",
                                   "::1", "a.b.c.d", 3232235777, None, b"1.2.3.4"])
def test_ipv4_rejects_bad_addresses(value):
    rejects(v.ipv4, value, "IP address expected")


@pytest.mark.parametrize("value", ["::", "::1", "2001:db8::10", "2001:DB8:0:0:0:0:0:1", "::ffff:192.0.2.1"])
def test_ipv6_accepts_addresses_as_given(value):
    assert v.ipv6(value) == value


@pytest.mark.parametrize("value", ["192.0.2.1", "2001:db8::g", "1::2::3", "fe80::1%eth0", "", None,
                                   "2001:db8:0:0:0:0:0:0:1"])
def test_ipv6_rejects_bad_addresses_and_scoped_ones(value):
    rejects(v.ipv6, value, "IPv6 address expected")


# -- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["example.com", "example.com.", "www.example.com.", "a", "_sip._udp.example.com.",
                                   "x-1.example", "a" * 63 + ".com", "1.2.3.4.in-addr.arpa.", "xn--bcher-kva.de"])
def test_hostname_accepts_names(value):
    assert v.hostname(value) == value


@pytest.mark.parametrize("value", ["", ".", "..", "a..b", "-a.com", "a-.com", "a" * 64 + ".com", "exa mple.com",
                                   "*.example.com", "www.example.com\n", "bücher.de", "a.b/c", None, 5,
                                   "a." * 127 + "a"])
def test_hostname_rejects_bad_names(value):
    rejects(v.hostname, value, "Host name expected")


def test_hostname_length_limit_is_253_without_the_root_dot():
    longest = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])
    assert len(longest) == 253
    assert v.hostname(longest) == longest
    assert v.hostname(longest + ".") == longest + "."
    rejects(v.hostname, longest + "e", "Host name expected")


def test_hostname_root_and_wildcard_only_when_allowed():
    assert v.hostname(".", allow_root=True) == "."
    assert v.hostname("*.example.com", allow_wildcard=True) == "*.example.com"
    rejects(v.hostname, "www.*.example.com", "Host name expected")
    rejects(lambda value: v.hostname(value, allow_wildcard=True), "www.*.example.com")
    rejects(lambda value: v.hostname(value, allow_wildcard=True), "**.example.com")


def test_fqdn_is_a_host_name_with_an_optional_leading_wildcard():
    assert v.fqdn("*.example.com.") == "*.example.com."
    assert v.fqdn("www.example.com") == "www.example.com"
    rejects(v.fqdn, ".", "Host name expected")
    rejects(v.fqdn, "a.*.example.com", "Host name expected")


@pytest.mark.parametrize("value", ["admin@example.com", "first.last+tag@mail.example.co.uk", "a" * 64 + "@b.co",
                                   "o'neil@example.com", "x@" + "d" * 63 + ".com"])
def test_email_accepts_addresses(value):
    assert v.email(value) == value
    assert v.EMAIL.fullmatch(value)


@pytest.mark.parametrize("value", ["admin", "admin@example", "@example.com", "a@b@c.com", "a b@c.com",
                                   "admin@example.com\n", "a" * 65 + "@b.com", ".a@b.com", "a.@b.com", "a..b@c.com",
                                   "a@-b.com", "a@b-.com", "a@b..com", "a@" + "d" * 64 + ".com",
                                   "a@" + "d." * 126 + "com", "Ann <ann@example.com>", "admin@example.com.", None])
def test_email_rejects_bad_addresses(value):
    rejects(v.email, value, "E-mail address expected")


@pytest.mark.parametrize("value", ["admin@example.com", "admin@example.com.", "admin.example.com.",
                                   "hostmaster.example.com"])
def test_mailbox_accepts_an_address_or_a_domain_name(value):
    assert v.mailbox(value) == value


@pytest.mark.parametrize("value", ["admin@", "not a mailbox", "", "admin@example.com..", "a..b@c.com", None])
def test_mailbox_rejects_the_rest(value):
    error = rejects(v.mailbox, value, "E-mail address or domain name expected")
    assert error.__suppress_context__


# -- text ----------------------------------------------------------------------------------

def test_text_rules():
    assert v.text("hello\tworld") == "hello\tworld"
    assert v.text("x" * 10, 10) == "x" * 10
    assert v.text("", allow_empty=True) == ""
    rejects(v.text, "", "This field can not be blank")
    rejects(lambda value: v.text(value, 10), "x" * 11, "At most 10 characters")
    rejects(v.text, "a\nb", "Control characters are not allowed")
    rejects(v.text, "a\x00", "Control characters are not allowed")
    rejects(v.text, "a\x7f", "Control characters are not allowed")
    rejects(v.text, 5, "String expected")
    rejects(v.text, None, "String expected")
    assert len(v.text("é" * 65_535)) == 65_535
    rejects(v.text, "x" * 65_536, "At most 65535 characters")


def test_word_is_ascii_letters_and_digits():
    assert v.word("issue") == "issue"
    assert v.word("Issue2") == "Issue2"
    assert v.word("", allow_empty=True) == ""
    for bad in ("issue wild", "is-sue", "issué", "ıssue", "\u0663"):
        rejects(v.word, bad, "Letters and digits only")
    rejects(lambda value: v.word(value, 3), "abcd", "At most 3 characters")
    rejects(v.word, "", "This field can not be blank")


@pytest.mark.parametrize("value", ["v=spf1 -all", "x" * 255, "y" * 4000, '"quoted" "strings"', '"' + "z" * 255 + '"',
                                   '"with \\" escaped quote"', '"a\\\\' + "b" * 253 + '"'])
def test_txt_data_accepts(value):
    assert v.txt_data(value) == value


def test_txt_data_limits():
    rejects(v.txt_data, "", "This field can not be blank")
    rejects(v.txt_data, "y" * 4001, "At most 4000 characters")
    rejects(v.txt_data, '"' + "z" * 256 + '"', "Each quoted string must be 255 characters or fewer")
    rejects(v.txt_data, '"short" "' + "z" * 256 + '"', "Each quoted string must be 255 characters or fewer")
    rejects(v.txt_data, "line\nbreak", "Control characters are not allowed")
    # unquoted long data is split by the server: fine
    assert v.txt_data("z" * 256) == "z" * 256
    # escapes count as one character
    assert v.txt_data('"' + "\\\"" * 255 + '"')


# -- encodings -----------------------------------------------------------------------------

def test_hex_string():
    assert v.hex_string("0aF9") == "0aF9"
    assert v.hex_string("0a f9") == "0a f9"
    for bad in ("", "abc", "xyz0", "0a\n", "abc\n", "0x0a", None, 10):
        rejects(v.hex_string, bad, "Hexadecimal string expected")
    assert v.hex_string("ab" * 20, (40,)) == "ab" * 20
    assert v.hex_string("ab" * 32, [40, 64]) == "ab" * 32
    rejects(lambda value: v.hex_string(value, (40,)), "ab" * 21, "Wrong length: expected 40 hex digits")
    rejects(lambda value: v.hex_string(value, (40, 64)), "ab", "expected 40 or 64 hex digits")


def test_base64_data():
    assert v.base64_data("AQID") == "AQID"
    assert v.base64_data("AQ==") == "AQ=="
    assert v.base64_data("AQID\nBAUG") == "AQID\nBAUG"
    assert v.base64_data("AQ ID") == "AQ ID"
    for bad in ("", "   ", "AQ=", "A", "AQ*D", "AQ==AQ==x", None, b"AQID"):
        rejects(v.base64_data, bad, "Base64 data expected")


# -- numbers and lists ---------------------------------------------------------------------

def test_decimal():
    check = v.decimal(-10, 10.5)
    assert check(0) == 0
    assert check(10.5) == 10.5
    assert check("-10") == -10 and type(check("-10")) is int
    assert check("2.") == 2.0 and type(check("2.")) is float
    assert check(".5") == 0.5
    assert check(" 3.25 ") == 3.25
    rejects(check, 10.6, "Must be between -10 and 10.5")
    rejects(check, "-10.01", "Must be between")
    rejects(check, float("nan"), "Must be between")
    rejects(check, float("inf"), "Must be between")
    for bad in (True, "", "1e3", "ten", "1.2.3", None, [1], "5\n6"):
        rejects(check, bad, "Number expected")


def test_string_list():
    check = v.string_list(("soaminimum", "immediate"))
    assert check.valid == ("soaminimum", "immediate")
    assert check(["immediate"]) == ["immediate"]
    assert check(("SOAMINIMUM", " immediate ")) == ["soaminimum", "immediate"]
    assert check("immediate,soaminimum") == ["immediate", "soaminimum"]
    rejects(check, [], "List expected")
    rejects(check, 5, "List expected")
    rejects(check, ["immediate", "later"], "'later' is not one of soaminimum, immediate")
    rejects(check, "immediate,", "'' is not one of")
    rejects(check, [1], "1 is not one of")


# -- the shared Y/N parser, integers without other scripts' digits, zone and node names --------

@pytest.mark.parametrize("value, expected", [
    ("Y", True), ("y", True), (" N ", False), ("yes", True), ("No", False), ("true", True),
    ("FALSE", False), ("1", True), ("0", False), ("on", True), ("off", False), (True, True),
    (False, False), (1, True), (0, False)])
def test_flag_and_yes_no_accept_the_classic_and_api_forms(value, expected):
    assert v.flag(value) is expected
    assert v.yes_no(value) == ("Y" if expected else "N")


def test_flag_reads_active():
    from dyn.tm.utils import Active
    assert v.yes_no(Active("y")) == "Y" and v.flag(Active(False)) is False


@pytest.mark.parametrize("value", [None, "", "L", "maybe", 2, -1, 1.0, b"Y", ["Y"]])
def test_flag_refuses_other_values(value):
    with pytest.raises(ValueError, match="Must be Y or N"):
        v.yes_no(value)


@pytest.mark.parametrize("value", ["\u0663", "1\u0663", "\uff13", "1_000", "1e3", "0x10", "", "1.0", 1.0, True, None])
def test_integer_refuses_unicode_digits_and_other_forms(value):
    with pytest.raises(ValueError, match="Integer expected"):
        v.integer(value)


@pytest.mark.parametrize("value, expected", [(3, 3), ("42", 42), (" -1 ", -1), ("+7", 7)])
def test_integer_accepts_ascii_digits(value, expected):
    assert v.integer(value) == expected


@pytest.mark.parametrize("name", ["example.com", "example.com.", "a.b.example.com", "_x.example"])
def test_zone_name_accepts_two_or_more_labels(name):
    assert v.zone_name(name) == name


@pytest.mark.parametrize("name", ["com", "com.", "a/b.com", "a.com..", "a..com", ".", "", "*.example.com", None, 3])
def test_zone_name_refuses(name):
    with pytest.raises(ValueError, match="Host name expected"):
        v.zone_name(name)


def test_node_name_apex_is_empty_or_none():
    assert v.node_name("") is None and v.node_name(None) is None
    assert v.node_name("www") == "www"
    with pytest.raises(ValueError):
        v.node_name("a..b")
