"""Sending e-mail through Message Management: ``POST /rest/json/send``.

::

    >>> from dyn.mm.message import send_message
    >>> send_message('news@example.com', ['ann@example.org', 'bob@example.org'],
    ...              'Hello', body='Plain text', html='<p>HTML</p>',
    ...              xheaders={'X-Campaign': 'spring'})
    '250 2.1.5 Ok'

The sender (``from``) must be an approved sender of the account (see
:class:`~dyn.mm.accounts.ApprovedSender`). ``to``, ``cc`` and ``bcc`` take one address or a
list (``"Name <address>"`` is allowed); several addresses go out as ``to[]``, the
documented multi-recipient form. Custom headers go in ``xheaders`` as a dict of ``X-``
header names to text (sent as a JSON object). The API has no attachments or tags, so
neither has this module.

Everything is checked before anything is sent; a bad address, a missing body or a bad
header raises :class:`~dyn.mm.errors.DynInvalidArgumentError` naming the argument. A send
returns the API's answer (``data``; an SMTP-style string such as ``"250 2.1.5 Ok"``)
instead of discarding it as the classic module did.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from .errors import DynInvalidArgumentError
from .session import MMSession
from .utils import check_addresses, check_email, check_text

__all__ = ["send_message", "EMail", "HTMLEMail", "TemplateEMail", "HTMLTemplateEMail", "TemplateEmail",
           "HTMLTemplateEmail"]

log = logging.getLogger(__name__)

Addresses = Union[str, Sequence[str]]
_HEADER_NAME = re.compile(r"X-[A-Za-z0-9-]+", re.IGNORECASE)


def _check_xheaders(value: Any) -> Optional[Dict[str, str]]:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise DynInvalidArgumentError("xheaders", value, "a dict of X- header names to text")
    for name, text in value.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise DynInvalidArgumentError("xheaders", name, "X- header names (letters, digits, -)")
        if not isinstance(text, str) or "\n" in text or "\r" in text:
            raise DynInvalidArgumentError(name, text, "one line of text")
    return dict(value)


def _put_addresses(args: Dict[str, Any], name: str, value: Any, required: bool = False) -> None:
    """Check ``value`` and store it: one address as ``name``, several as ``name[]``."""
    items = check_addresses(name, value, required)
    if len(items) == 1:
        args[name] = items[0]
    elif items:
        args[name + "[]"] = items


class EMail:
    """A plain-text e-mail (an HTML part may be added with ``html``).

    :param from_field: the sender, an approved sender's address (``"Name <address>"``
        allowed).
    :param to: one recipient or a list.
    :param subject: the subject.
    :param cc: one address or a list.
    :param body: the text body (also :attr:`bodytext`).
    :param html: the HTML body (also :attr:`bodyhtml`).
    :param replyto: the Reply-To address.
    :param xheaders: custom headers, e.g. ``{"X-Campaign": "spring"}``.
    :param bcc: one address or a list (blind copies).
    """

    uri = "/send"

    def __init__(self, from_field: str, to: Addresses, subject: str, cc: Optional[Addresses] = None,
                 body: Optional[str] = None, html: Optional[str] = None, replyto: Optional[str] = None,
                 xheaders: Optional[Mapping[str, str]] = None, bcc: Optional[Addresses] = None) -> None:
        self.from_field = from_field
        self.to = to
        self.subject = subject
        self.cc = cc
        self.bodytext = body
        self.bodyhtml = html
        self.replyto = replyto
        self.xheaders = xheaders
        self.bcc = bcc

    @property
    def body(self) -> Optional[str]:
        """Alias of :attr:`bodytext` (the classic docs set ``body``)."""
        return self.bodytext

    @body.setter
    def body(self, value: Optional[str]) -> None:
        self.bodytext = value

    @property
    def html(self) -> Optional[str]:
        """Alias of :attr:`bodyhtml`."""
        return self.bodyhtml

    @html.setter
    def html(self, value: Optional[str]) -> None:
        self.bodyhtml = value

    def _arguments(self, bodytext: Optional[str], bodyhtml: Optional[str]) -> Dict[str, Any]:
        """The checked ``POST /send`` arguments for these bodies."""
        if bodytext is None and bodyhtml is None:
            raise DynInvalidArgumentError("body and html", (None, None))
        args: Dict[str, Any] = {"from": check_email("from_field", self.from_field, display_name=True)}
        _put_addresses(args, "to", self.to, required=True)
        args["subject"] = check_text("subject", self.subject)
        _put_addresses(args, "cc", self.cc)
        _put_addresses(args, "bcc", self.bcc)
        if self.replyto is not None:
            args["replyto"] = check_email("replyto", self.replyto, display_name=True)
        for name, value in (("bodytext", bodytext), ("bodyhtml", bodyhtml)):
            if value is not None:
                if not isinstance(value, str):
                    raise DynInvalidArgumentError(name, value, "text")
                args[name] = value
        xheaders = _check_xheaders(self.xheaders)
        if xheaders:
            args["xheaders"] = xheaders
        return args

    def _post(self, args: Dict[str, Any]) -> Any:
        log.debug("sending e-mail to %d address(es)", sum(
            len(value) if isinstance(value, list) else 1 for key, value in args.items()
            if key.rstrip("[]") in ("to", "cc", "bcc")))
        return MMSession.resolve().execute(self.uri, "POST", args)

    def send(self, content: Optional[str] = None) -> Any:
        """Send the e-mail: ``POST /send``.

        :param content: replaces the text body for this send.
        :return: the API's answer (``data``), e.g. ``"250 2.1.5 Ok"``.
        :raises DynInvalidArgumentError: no body at all, or a bad field (nothing is sent).
        """
        return self._post(self._arguments(content if content is not None else self.bodytext, self.bodyhtml))

    def __repr__(self) -> str:
        return "<%s to=%r subject=%r>" % (type(self).__name__, self.to, self.subject)


class HTMLEMail(EMail):
    """An HTML e-mail: :meth:`send`'s ``content`` replaces the HTML body."""

    def send(self, content: Optional[str] = None) -> Any:
        """Send the e-mail: ``POST /send``.

        :param content: replaces the HTML body for this send.
        :return: the API's answer (``data``).
        """
        return self._post(self._arguments(self.bodytext, content if content is not None else self.bodyhtml))


class TemplateEMail(EMail):
    """A text body used as a ``%`` template: one e-mail per set of values.

    ::

        TemplateEMail(sender, to, 'Hi', body='Hello %(name)s').send([{'name': 'Ann'}])
    """

    _template_attr = "bodytext"
    _template_arg = "body"

    def _bodies(self, template: str, formatted: str) -> tuple:
        return formatted, self.bodyhtml

    def send(self, formatters: Optional[Iterable[Any]] = None) -> List[Any]:  # type: ignore[override]
        """Send one e-mail per item of ``formatters``, the body being ``template % item``.

        Every body is formatted and checked before the first send.

        :param formatters: the values, e.g. a list of dicts or tuples.
        :return: the API's answer for each send.
        :raises DynInvalidArgumentError: ``formatters`` or the template is missing, or an
            item does not fit the template (nothing is sent).
        """
        if formatters is None:
            raise DynInvalidArgumentError("send content", None)
        template = getattr(self, self._template_attr)
        if template is None:
            raise DynInvalidArgumentError(self._template_arg, None)
        calls = []
        for item in formatters:
            try:
                formatted = template % item
            except (TypeError, KeyError, ValueError):
                raise DynInvalidArgumentError("formatters", item, "values fitting the template") from None
            calls.append(self._arguments(*self._bodies(template, formatted)))
        return [self._post(args) for args in calls]


class HTMLTemplateEMail(TemplateEMail):
    """Like :class:`TemplateEMail`, with the HTML body as the template."""

    _template_attr = "bodyhtml"
    _template_arg = "html"

    def _bodies(self, template: str, formatted: str) -> tuple:
        return self.bodytext, formatted


TemplateEmail = TemplateEMail
"""Alias: the classic docs spell it ``TemplateEmail``."""

HTMLTemplateEmail = HTMLTemplateEMail
"""Alias matching :data:`TemplateEmail`."""


def send_message(from_field: str, to: Addresses, subject: str, cc: Optional[Addresses] = None,
                 body: Optional[str] = None, html: Optional[str] = None, replyto: Optional[str] = None,
                 xheaders: Optional[Mapping[str, str]] = None, bcc: Optional[Addresses] = None) -> Any:
    """Send one e-mail: ``EMail(...).send()``; see :class:`EMail` for the arguments.

    :return: the API's answer (``data``), e.g. ``"250 2.1.5 Ok"``.
    :raises DynInvalidArgumentError: a bad or missing field (nothing is sent).
    """
    return EMail(from_field, to, subject, cc, body, html, replyto, xheaders, bcc).send()
