"""A text field of a multipart form over the form-memory limit (``MAX_FORM_MEMORY_SIZE``, web/__init__.py).

Werkzeug refuses the whole request with a bare 413 when one text field is over that limit, and the form
is lost. Here such a field is left out while the rest of the form is read as usual; the request then
fails with :class:`FieldTooLarge` (still a 413), which names the fields, so the answer can name the real
limit and the field (web/uploads.py ``too_large_detail``) and a page can show its form again with what
was kept (``on_too_large``). Files and a body over ``MAX_CONTENT_LENGTH`` are refused as before.
"""

from __future__ import annotations

import typing as t

from flask import Request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData


class FieldTooLarge(RequestEntityTooLarge):
    """One or more text fields of the form were over the form-memory limit; the rest was read."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__()
        self.fields = fields


def _chunks(stream: t.IO[bytes], size: int) -> t.Iterator[bytes | None]:
    """The body in chunks, then None: the end (as werkzeug's own parser reads it)."""
    while data := stream.read(size):
        yield data
    yield None


class _KeepingParser(MultiPartParser):
    """werkzeug's MultiPartParser.parse, leaving a text field over the limit out (named in
    ``too_large``) instead of refusing the whole form."""

    too_large: list[str]

    def _field_value(self, part: Field, chunks: list[bytes]) -> str:
        return b"".join(chunks).decode(self.get_part_charset(part.headers), "replace")

    def parse(
        self, stream: t.IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        limit = self.max_form_memory_size
        # the decoder's own limit bounds its buffer (a chunk and what it holds back), not a field
        buffered = None if limit is None else max(limit, 4 * self.buffer_size)
        decoder = MultipartDecoder(boundary, max_form_memory_size=buffered, max_parts=self.max_form_parts)
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, FileStorage]] = []
        part: Field | File | None = None
        chunks: list[bytes] = []
        size, file = 0, None
        for data in _chunks(stream, self.buffer_size):
            decoder.receive_data(data)
            while not isinstance(event := decoder.next_event(), (Epilogue, NeedData)):
                if isinstance(event, (Field, File)):
                    part, chunks, size = event, [], 0
                    file = (
                        self.start_file_streaming(event, content_length) if isinstance(event, File) else None
                    )
                elif isinstance(event, Data) and isinstance(part, File) and file is not None:
                    file.write(event.data)
                    if not event.more_data:
                        file.seek(0)
                        files.append(
                            (part.name, FileStorage(file, part.filename, part.name, headers=part.headers))
                        )
                elif isinstance(event, Data) and isinstance(part, Field):
                    size += len(event.data)
                    over = limit is not None and size > limit
                    if over and part.name not in self.too_large:
                        self.too_large.append(part.name)
                    if over:
                        chunks.clear()
                    else:
                        chunks.append(event.data)
                    if not event.more_data and not over:
                        fields.append((part.name, self._field_value(part, chunks)))
        return self.cls(fields), self.cls(files)


class _KeepingFormParser(FormDataParser):
    too_large: list[str]

    def _parse_multipart(
        self, stream: t.IO[bytes], mimetype: str, content_length: int | None, options: dict[str, str]
    ) -> tuple[t.IO[bytes], MultiDict[str, t.Any], MultiDict[str, t.Any]]:
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        parser = _KeepingParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=self.cls,
        )
        parser.too_large = self.too_large
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class FormRequest(Request):
    """Flask's request, whose multipart form keeps its fields when one text field is too large."""

    form_data_parser_class = _KeepingFormParser
    #: the text fields of the form over the form-memory limit, left out of ``form``
    too_large_fields: list[str]

    def make_form_data_parser(self) -> FormDataParser:
        parser = super().make_form_data_parser()
        self.too_large_fields = parser.too_large = []  # type: ignore[attr-defined]
        return parser

    def _load_form_data(self) -> None:
        super()._load_form_data()
        if getattr(self, "too_large_fields", None):
            raise FieldTooLarge(self.too_large_fields)
