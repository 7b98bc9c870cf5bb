"""`zhijian verify_draws`: re-run every draw the platform made from its public record (what
`zhijian draw verify` does for one downloaded record) and check every pending commitment."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhijian.draws import lottery
from zhijian.draws.choices import DrawStatus
from zhijian.draws.models import Draw
from zhijian.draws.services import draw_public_record


class Command(BaseCommand):
    help = "复核平台的全部抽取记录 / re-run every draw from its public record"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", help="只复核一种抽取类型 / only this kind")

    def handle(self, *args, kind: str | None = None, **options) -> None:
        draws = Draw.objects.select_related("region", "organisation", "committed_by", "drawn_by").order_by("id")
        if kind:
            draws = draws.filter(kind=kind)
        checked, failures = 0, []
        for draw in draws.iterator(chunk_size=200):
            record = draw_public_record(draw)
            if draw.status == DrawStatus.DRAWN:
                problems = lottery.verify(record, expected_commitment=draw.commitment)
            else:
                recomputed = lottery.commitment(lottery.Pool.from_rows(draw.rows).digest, draw.params)
                problems = [] if recomputed == draw.commitment else [
                    f"承诺值与抽取池、参数不符 / commitment differs: recomputed {recomputed}"]
            checked += 1
            for problem in problems:
                failures.append(f"#{draw.pk} {draw.title}: {problem}")
        for line in failures:
            self.stderr.write(line)
        if failures:
            raise CommandError(f"{len(failures)} 处不一致 / {len(failures)} problems in {checked} draws")
        self.stdout.write(f"复核通过 / all reproduce: {checked} draws")
