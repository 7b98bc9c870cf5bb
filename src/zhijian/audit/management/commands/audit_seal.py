"""`zhijian audit seal`: seal every entry written so far into a signed Merkle checkpoint."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from zhijian.audit import services, signing


class Command(BaseCommand):
    help = "将新的审计记录封存为签名检查点 / seal new audit entries into a signed checkpoint"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--new-key", action="store_true",
                            help="只打印一个新的签名私钥（用于 ZHIJIAN_AUDIT_SIGNING_KEY） / print a fresh key and stop")

    def handle(self, *args, **options) -> None:
        if options["new_key"]:
            self.stdout.write(signing.generate_key_hex())
            return
        try:
            checkpoint = services.checkpoint_seal(acting_user=None)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if checkpoint is None:
            self.stdout.write("没有需要封存的新记录 / nothing new to seal")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已封存 {checkpoint.tree_size} 条，根哈希 {checkpoint.root_hash} / sealed {checkpoint.tree_size} "
            f"entries, root {checkpoint.root_hash}, public key {checkpoint.public_key}"
        ))
