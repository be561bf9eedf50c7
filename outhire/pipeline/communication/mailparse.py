"""Reading an inbound e-mail: its text, its attachments, and whether a person wrote it.

Plain Python with no Django imports. `parse` turns raw RFC 5322 bytes (from a stranger: any
size the receiver let through, any MIME structure, any charset) into a `Parsed` record:

- the text: the first text/plain part that is not an attachment, or the text of the first
  text/html part (read by the same forward scan as an uploaded HTML resume, so markup never
  survives), at most MAX_TEXT_CHARS characters; unknown or lying charsets are decoded with
  replacement characters rather than refused;
- the excerpt: the text without the quoted message below it (`strip_quoted`), for the timeline;
- attachments, at most `max_attachments` of them (the rest are listed as skipped), as bytes for
  the caller to check and store through the bounded document path;
- `auto_reply`: an out-of-office or other machine answer (RFC 3834 Auto-Submitted, and the
  headers Exchange, Gmail and vacation programs set);
- `bounce`: a delivery status notification (RFC 3464 multipart/report) with the failed
  recipient, status and diagnostic.

A MIME tree deeper than MAX_DEPTH or with more than MAX_PARTS parts is refused (`MailError`), as
is anything the parser cannot make a message of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from outhire.candidates.files import extract_text

MAX_TEXT_CHARS = 100_000
MAX_DEPTH = 12
MAX_PARTS = 500
SUBJECT_CHARS = 200


class MailError(ValueError):
    """The bytes are not an e-mail we can read (empty, too deeply nested, too many parts)."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Bounce:
    recipient: str
    action: str  # failed, delayed, delivered, relayed, expanded ("" when not stated)
    status: str  # e.g. 5.1.1
    diagnostic: str

    @property
    def is_failure(self) -> bool:
        """A permanent failure: the address does not work (a delay is not a bounce yet)."""
        if self.action:
            return self.action == "failed"
        return self.status.startswith("5") or not self.status


@dataclass(frozen=True)
class Parsed:
    message_id: str
    subject: str
    from_address: str
    from_name: str
    in_reply_to: str
    text: str
    excerpt: str
    auto_reply: bool
    bounce: Bounce | None
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # attachment names not kept
    # Addresses named in the delivery headers (Delivered-To, X-Original-To, To, Cc), for a
    # mailbox read by IMAP, where there is no SMTP envelope.
    header_recipients: list[str] = field(default_factory=list)


def _header(message: Message, name: str) -> str:
    """A header as text; "" when missing or too malformed to read."""
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a header a stranger wrote may break the parser
        return ""
    if value is None:
        return ""
    try:
        text = str(value)
    except Exception:  # noqa: BLE001
        return ""
    return " ".join(text.split())


def _addresses(message: Message, *names: str) -> list[str]:
    found = []
    for name in names:
        try:
            values = message.get_all(name) or []
            pairs = getaddresses([str(v) for v in values])
        except Exception:  # noqa: BLE001 - a header too malformed to read names no one
            pairs = []
        found.extend(address.strip().lower() for _, address in pairs if "@" in address)
    return list(dict.fromkeys(found))


def _decode(part: Message) -> str:
    """A text part's content; a charset Python does not know is read as UTF-8 with
    replacements (then Latin-1, which never fails), never refused."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        return ""
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, ValueError):
        return payload.decode("utf-8", errors="replace")


def _walk(root: Message) -> list[tuple[Message, int, bool]]:
    """Every part, depth first, with its depth and whether it is inside an attached message
    (the original of a bounce, a forwarded mail), without recursion; MailError past the caps."""
    parts: list[tuple[Message, int, bool]] = []
    stack: list[tuple[Message, int, bool]] = [(root, 0, False)]
    while stack:
        part, depth, nested = stack.pop()
        if depth > MAX_DEPTH:
            raise MailError("The e-mail's parts are nested too deeply.")
        parts.append((part, depth, nested))
        if len(parts) > MAX_PARTS:
            raise MailError("The e-mail has too many parts.")
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                continue
            inner = nested or part.get_content_type() == "message/rfc822"
            for child in reversed(children):
                if isinstance(child, Message):
                    stack.append((child, depth + 1, inner))
    return parts


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001
        name = ""
    name = "".join(ch for ch in str(name) if ch.isprintable()).strip()
    return name[-200:]


def _is_attachment(part: Message) -> bool:
    if part.is_multipart() or part.get_content_maintype() == "message":
        return False
    try:
        disposition = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        disposition = None
    if disposition == "attachment":
        return True
    # An inline part with a name that is not the text itself (an inline image, a PDF).
    return bool(_filename(part)) and part.get_content_maintype() != "text"


_AUTO_SUBJECT_RE = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|"
    r"r[ée]ponse automatique|respuesta autom[áa]tica|autosvar)\b",
    re.IGNORECASE,
)


def is_auto_reply(message: Message) -> bool:
    """Whether a machine sent this (RFC 3834 and the headers common mail programs set)."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response"):
        if _header(message, name):
            return True
    if _header(message, "X-Autogenerated").lower() in {"reply", "forward", "group", "mirror"}:
        return True
    if _header(message, "Precedence").lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    suppress = _header(message, "X-Auto-Response-Suppress").lower()
    if any(word in suppress for word in ("all", "oof", "autoreply")):
        return True
    if _header(message, "X-MS-Exchange-Inbox-Rules-Loop"):
        return True
    return bool(_AUTO_SUBJECT_RE.match(_header(message, "Subject")))


def _status_fields(part: Message) -> list[dict[str, str]]:
    """The per-recipient field blocks of a message/delivery-status part."""
    blocks = []
    payload = part.get_payload()
    if isinstance(payload, list):
        # The email package reads each block as a headers-only message.
        sources = [item for item in payload if isinstance(item, Message)]
        blocks = [{k.lower(): " ".join(str(v).split()) for k, v in b.items()} for b in sources]
    else:
        text = _decode(part) if not isinstance(payload, str) else payload
        current: dict[str, str] = {}
        for line in text.splitlines():
            if not line.strip():
                if current:
                    blocks.append(current)
                current = {}
                continue
            name, colon, value = line.partition(":")
            if colon:
                current[name.strip().lower()] = " ".join(value.split())
        if current:
            blocks.append(current)
    return blocks


def _after_type(value: str) -> str:
    """`rfc822; someone@example.com` -> `someone@example.com`."""
    return value.partition(";")[2].strip() if ";" in value else value.strip()


def _bounce(message: Message, parts: list[tuple[Message, int, bool]]) -> Bounce | None:
    if message.get_content_type() != "multipart/report":
        return None
    for part, _, nested in parts:
        if nested or part.get_content_type() not in {
            "message/delivery-status",
            "message/global-delivery-status",
        }:
            continue
        blocks = _status_fields(part)
        for block in blocks:
            if "action" in block or "final-recipient" in block or "status" in block:
                recipient = _after_type(
                    block.get("original-recipient") or block.get("final-recipient", "")
                )
                return Bounce(
                    recipient=recipient.lower()[:254],
                    action=block.get("action", "").lower()[:20],
                    status=block.get("status", "")[:20],
                    diagnostic=_after_type(block.get("diagnostic-code", ""))[:300],
                )
        return Bounce(recipient="", action="", status="", diagnostic="")
    return None


_QUOTE_HEADER_RES = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Le\b.{0,300}\ba [ée]crit\s?:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Am\b.{0,300}\bschrieb\b.{0,80}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*El\b.{0,300}\bescribi[óo]:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Op\b.{0,300}\bschreef\b.{0,80}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{20,}\s*$"),
    re.compile(r"^\s*From:\s.{1,300}$", re.IGNORECASE),
]


def strip_quoted(text: str) -> str:
    """The new text of a reply: everything above the quoted message (an "On ... wrote:" line,
    an Outlook header block, '>' lines) and above the signature ("-- ")."""
    lines = text.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            break
        if line.lstrip().startswith(">"):
            continue
        # "On <date>, <name> <address>" is often wrapped onto two lines by the mail program.
        joined = line + " " + lines[index + 1] if index + 1 < len(lines) else line
        if any(r.match(line) for r in _QUOTE_HEADER_RES) or (
            line.strip().startswith("On ") and _QUOTE_HEADER_RES[0].match(joined)
        ):
            break
        kept.append(line)
    excerpt = "\n".join(kept).strip()
    return excerpt or text.strip()


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text[:MAX_TEXT_CHARS].strip()


def parse(raw: bytes, *, max_attachments: int = 10) -> Parsed:
    """Read `raw` (see the module's docstring); MailError when it can't be."""
    if not raw or not raw.strip():
        raise MailError("The e-mail is empty.")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        parts = _walk(message)
    except RecursionError:
        raise MailError("The e-mail's parts are nested too deeply.") from None
    except MailError:
        raise
    except Exception as error:  # noqa: BLE001 - the parser's own errors on broken input
        raise MailError(f"The e-mail could not be read ({type(error).__name__}).") from None
    if not isinstance(message, EmailMessage):
        raise MailError("The e-mail could not be read.")

    plain = html = ""
    attachments: list[Attachment] = []
    skipped: list[str] = []
    for part, _, nested in parts:
        if nested:
            continue  # an attached message (a bounce's original, a forward) is not this text
        if _is_attachment(part):
            name = _filename(part) or "attachment"
            if len(attachments) >= max_attachments:
                skipped.append(name)
                continue
            try:
                data = part.get_payload(decode=True)
            except Exception:  # noqa: BLE001
                data = None
            if not isinstance(data, bytes) or not data:
                skipped.append(name)
                continue
            attachments.append(Attachment(name, part.get_content_type(), data))
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and not plain:
            plain = _decode(part)
        elif content_type == "text/html" and not html:
            try:
                payload = part.get_payload(decode=True)
            except Exception:  # noqa: BLE001
                payload = None
            if isinstance(payload, bytes):
                charset = part.get_content_charset() or "utf-8"
                try:
                    decoded = payload.decode(charset, errors="replace")
                except (LookupError, ValueError):
                    decoded = payload.decode("utf-8", errors="replace")
                html = extract_text(decoded.encode("utf-8"), "html", limit=MAX_TEXT_CHARS)
    text = _clean(plain or html)
    from_name, from_address = parseaddr(_header(message, "From"))
    return Parsed(
        message_id=_header(message, "Message-ID").strip("<> ")[:250],
        subject=_header(message, "Subject")[:SUBJECT_CHARS],
        from_address=from_address.lower()[:254] if "@" in from_address else "",
        from_name=from_name[:200],
        in_reply_to=_header(message, "In-Reply-To").strip("<> ")[:250],
        text=text,
        excerpt=strip_quoted(text)[:2000],
        auto_reply=is_auto_reply(message),
        bounce=_bounce(message, parts),
        attachments=attachments,
        skipped=skipped,
        header_recipients=_addresses(message, "Delivered-To", "X-Original-To", "To", "Cc"),
    )


def header_recipients(raw: bytes) -> list[str]:
    """The addresses in the delivery headers of `raw` (Delivered-To, X-Original-To, To, Cc),
    read from its headers only: where a mailbox read over IMAP was delivered to."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
    except Exception:  # noqa: BLE001
        return []
    return _addresses(message, "Delivered-To", "X-Original-To", "To", "Cc")
