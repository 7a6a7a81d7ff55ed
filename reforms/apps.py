from django.apps import AppConfig


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = "改革案例"
