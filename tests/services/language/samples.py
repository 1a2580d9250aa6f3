"""Realistic notes about child online protection in the six UN languages, for several tests."""

NOTES = {
    "en": "Platforms should switch off direct messages from unknown adults by default on every account "
          "that belongs to a child. Age assurance must be proportionate and never collect more data than "
          "the service needs.",
    "fr": "Les plateformes doivent désactiver par défaut les messages directs d'adultes inconnus sur les "
          "comptes des enfants. Nous demandons aux régulateurs de publier des lignes directrices claires sur "
          "la vérification de l'âge.",
    "es": "Las plataformas deberían desactivar por defecto los mensajes directos de adultos desconocidos en "
          "las cuentas de menores. Los jóvenes nos dijeron que quieren herramientas de denuncia más sencillas "
          "y respuestas más rápidas.",
    "ru": "Платформы должны по умолчанию отключать личные сообщения от незнакомых взрослых в детских "
          "аккаунтах. Мы предлагаем обязать компании публиковать отчёты о прозрачности раз в полгода.",
    "ar": "ينبغي للمنصات أن تعطّل افتراضياً الرسائل المباشرة من البالغين الغرباء في حسابات الأطفال. "
          "ونطالب الجهات التنظيمية بنشر إرشادات واضحة بشأن التحقق من العمر وحماية بيانات الأطفال.",
    "zh": "平台应默认关闭陌生成年人向儿童账户发送私信的功能。我们建议监管机构发布关于年龄验证和儿童数据保护的"
          "明确指南；家长也需要简单易用的工具。",
}
