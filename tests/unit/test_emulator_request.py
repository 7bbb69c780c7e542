"""Unit tests of the emulator's read-only Request wrapper and argument parsing."""
import io
import json

import pytest

from dyn.emulator.request import BodyError, BodyTooLarge, Request


def environ(method="GET", path="/REST/Session/", query="", body=b"", content_type="application/json",
            **extra):
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)) if body else "",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
    }
    env.update(extra)
    return env


def test_environ_keys_read_as_lower_case_attributes():
    req = Request(environ(HTTP_AUTH_TOKEN="abc"))
    assert req.request_method == "GET"
    assert req.path_info == "/REST/Session/"
    assert req.http_auth_token == "abc"
    assert req.REQUEST_METHOD == "GET"


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError):
        _ = Request(environ()).no_such_key


@pytest.mark.parametrize("name", ["request_method", "path", "anything"])
def test_attributes_are_read_only(name):
    req = Request(environ())
    with pytest.raises(AttributeError):
        setattr(req, name, "x")
    with pytest.raises(AttributeError):
        delattr(req, name)


def test_derived_values_are_cached():
    env = environ(query="detail=Y")
    req = Request(env)
    first = req.query
    env["QUERY_STRING"] = "detail=N"
    assert req.query is first
    assert req.query == {"detail": "Y"}


def test_body_is_read_once():
    req = Request(environ(method="POST", body=b'{"a": 1}'))
    assert req.json == {"a": 1}
    assert req.json == {"a": 1}
    assert req.body == b'{"a": 1}'


def test_segments_skip_empty_parts():
    assert Request(environ(path="//REST/Zone/example.com./")).segments == ["REST", "Zone", "example.com."]
    assert Request(environ(path="")).segments == []


def test_headers_auth_token_and_content_type():
    req = Request(environ(HTTP_AUTH_TOKEN="  tok  ", HTTP_API_VERSION="current",
                          content_type="application/json; charset=utf-8"))
    assert req.headers["api-version"] == "current"
    assert req.auth_token == "tok"
    assert req.content_type == "application/json"
    assert Request(environ(HTTP_AUTH_TOKEN="")).auth_token is None
    assert Request(environ()).auth_token is None


def test_query_repeated_keys_become_lists():
    req = Request(environ(query="to[]=a&to[]=b&x=1&empty="))
    assert req.query == {"to[]": ["a", "b"], "x": "1", "empty": ""}


def test_args_merge_query_and_json_body_body_wins():
    req = Request(environ(query="detail=N&a=q", body=json.dumps({"detail": "Y", "b": 2}).encode()))
    assert req.args == {"detail": "Y", "a": "q", "b": 2}


def test_get_with_json_body_like_the_classic_sdk():
    req = Request(environ(method="GET", body=b'{"detail": "Y"}'))
    assert req.args == {"detail": "Y"}


def test_empty_body_is_an_empty_object():
    assert Request(environ(method="DELETE")).json == {}
    assert Request(environ(method="DELETE", body=b"  ")).json == {}


@pytest.mark.parametrize("body, problem", [
    (b"{bad", "Malformed JSON"),
    (b"[1, 2]", "Expected a JSON object, got list"),
    (b'"text"', "Expected a JSON object, got str"),
    (b"\xff\xfe", "Body is not valid UTF-8"),
])
def test_bad_json_bodies(body, problem):
    with pytest.raises(BodyError) as caught:
        _ = Request(environ(method="POST", body=body)).args
    assert caught.value.field == "body"
    assert problem in caught.value.problem
    assert caught.value.status == 400


def test_body_over_the_limit_raises_413_and_is_drained():
    env = environ(method="POST", body=b"x" * 101)
    with pytest.raises(BodyTooLarge) as caught:
        _ = Request(env, max_body_bytes=100).body
    assert caught.value.status == 413
    assert env["wsgi.input"].read() == b""  # drained, so the client can read the answer


def test_body_at_the_limit_is_fine():
    assert Request(environ(method="POST", body=b"x" * 100), max_body_bytes=100).body == b"x" * 100


def test_chunked_body_over_the_limit():
    env = environ(method="POST", HTTP_TRANSFER_ENCODING="chunked")
    env["wsgi.input"] = io.BytesIO(b"y" * 50)
    env["CONTENT_LENGTH"] = ""
    with pytest.raises(BodyTooLarge):
        _ = Request(env, max_body_bytes=10).body
    env["wsgi.input"] = io.BytesIO(b"y" * 5)
    assert Request(env, max_body_bytes=10).body == b"y" * 5


def test_form_args_for_mm():
    req = Request(environ(method="POST", body=b"apikey=k&emailaddress=a%40b.c",
                          content_type="application/x-www-form-urlencoded"))
    assert req.form_args == {"apikey": "k", "emailaddress": "a@b.c"}


def test_form_args_accept_json_and_the_classic_get_body():
    classic = Request(environ(query="apikey=k", body=b"{}", content_type="application/x-www-form-urlencoded"))
    assert classic.form_args == {"apikey": "k"}
    as_json = Request(environ(method="POST", body=b'{"apikey": "k"}'))
    assert as_json.form_args == {"apikey": "k"}


def test_utf8_path():
    raw = "/REST/Zone/\u00e9.example/".encode("utf-8").decode("latin-1")
    assert Request(environ(path=raw)).segments[-1] == "\u00e9.example"
