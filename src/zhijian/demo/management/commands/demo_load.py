"""`zhijian demo load [--scale tiny|small|medium|large] [--seed N]`: build the demo province."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhijian.demo.generate import SCALES


class Command(BaseCommand):
    help = "加载演示省份（陕西）/ load the deterministic demo province of Shaanxi"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small",
                            help="tiny=200, small=5,000, medium=50,000, large=1,000,000 enterprises")
        parser.add_argument("--seed", type=int, default=2016, help="same seed, same province (default 2016)")
        parser.add_argument("--enterprises", type=int, default=None, help="override the scale's enterprise count")
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--search-text", choices=["auto", "exact", "quick", "names"], default="auto",
                            help="exact = jieba as save() does (auto up to 1,000 enterprises); quick = character "
                                 "grams + pinyin initials (auto up to 100,000); names = quick without addresses")

    def handle(self, *args, **options):
        from zhijian.demo.province import DemoAlreadyLoaded, Loader, create_missing_logins, missing_demo_logins

        if not settings.DEMO_ENABLED:
            self.stdout.write(self.style.WARNING(
                "非调试模式：只生成演示数据，不创建演示账号 / not in debug mode: "
                "building the data without the demo logins"))
        from zhijian.demo.services import demo_is_loaded

        if demo_is_loaded() and settings.DEMO_ENABLED and missing_demo_logins():
            created = create_missing_logins(out=self._line)
            self.stdout.write(self.style.SUCCESS(
                f"演示数据已存在，已补建演示账号 / demo already loaded; added logins: {', '.join(created)}"))
            return
        loader = Loader(scale=options["scale"], seed=options["seed"], enterprises=options["enterprises"],
                        batch_size=options["batch_size"], search_mode=options["search_text"], out=self._line)
        try:
            result = loader.run()
        except DemoAlreadyLoaded as exc:
            raise CommandError("演示数据已加载，未做任何更改 / the demo province is already loaded; nothing changed") from exc
        self.stdout.write(self.style.SUCCESS(
            f"演示省份已加载 / demo province loaded: scale={result['scale']} seed={result['seed']} "
            f"in {result['seconds']} s"))

    def _line(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
