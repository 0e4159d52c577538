"""`lotkeeper scan parse TEXT` and `lotkeeper scan image FILE`: what a barcode holds."""

from __future__ import annotations

import json
from typing import Any

from db.errors import Refused
from desktop.cli.context import Context


def register(commands: Any) -> None:
    scan = commands.add_parser("scan", help="read scanner text or barcode images").add_subparsers(
        dest="scan_command", metavar="ACTION", required=True
    )
    parse = scan.add_parser("parse", help="parse text as a scanner sends it")
    parse.add_argument("text")
    parse.add_argument(
        "--separator",
        action="append",
        default=[],
        metavar="CHAR",
        help="a substitute the scanner sends for GS",
    )
    parse.add_argument("--json", action="store_true")
    parse.set_defaults(handler=cmd_parse)
    image = scan.add_parser("image", help="decode every barcode in an image file")
    image.add_argument("file")
    image.add_argument("--separator", action="append", default=[], metavar="CHAR")
    image.add_argument("--json", action="store_true")
    image.set_defaults(handler=cmd_image)


def _describe(fields: dict[str, Any]) -> str:
    shown = [f"{k}: {v}" for k, v in fields.items() if v not in (None, [], False)]
    return "\n".join(shown)


def cmd_parse(ctx: Context) -> int:
    from labels.gs1 import ScanError, parse_scan  # biip's tables load only for a scan

    try:
        result = parse_scan(ctx.args.text, ctx.args.separator)
    except ScanError as exc:
        raise Refused(f"unreadable scan: {exc.message}") from exc
    ctx.emit(result.to_json(), _describe(result.to_json()))
    return 0


def cmd_image(ctx: Context) -> int:
    from labels.gs1 import ScanError, parse_scan
    from labels.image_decode import ImageDecodeError, decode_image

    try:
        symbols = decode_image(ctx.args.file)
    except ImageDecodeError as exc:
        raise Refused(f"unreadable image: {exc.message}") from exc
    results = []
    for symbol in symbols:
        try:
            fields = parse_scan(symbol.text, ctx.args.separator).to_json()
        except ScanError as exc:
            fields = {"error": exc.message}
        results.append({**fields, "format": symbol.format, "text": symbol.text})
    if getattr(ctx.args, "json", False):
        ctx.stdout.write(json.dumps(results, ensure_ascii=False) + "\n")
    else:
        ctx.stdout.write("\n\n".join(_describe(r) for r in results) + "\n")
    return 0
