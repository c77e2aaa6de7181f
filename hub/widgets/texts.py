"""The words a widget shows around a petition's own texts, in the network's languages."""

from __future__ import annotations

from hub.languages import LANGUAGES, RIGHT_TO_LEFT
from hub.services.errors import Refusal

__all__ = ["LANGUAGES", "REFUSALS", "RIGHT_TO_LEFT", "WORDS", "refusal_text", "widget_language"]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "signatures": "signatures",
        "goal": "Goal: {goal}",
        "to": "To:",
        "endorsed_by": "Endorsed by",
        "name": "Your name",
        "email": "Your e-mail address",
        "country": "Your country (optional)",
        "no_country": "—",
        "consent": "Keep me informed about this campaign",
        "sign": "Sign",
        "thanks": "Thank you: confirm your signature from the e-mail we sent you.",
        "closed": "This petition is closed.",
        "signing": "Signing…",
        "failed": "Your signature could not be sent. Try again.",
    },
    "fr": {
        "signatures": "signatures",
        "goal": "Objectif : {goal}",
        "to": "À :",
        "endorsed_by": "Soutenue par",
        "name": "Votre nom",
        "email": "Votre adresse e-mail",
        "country": "Votre pays (facultatif)",
        "no_country": "—",
        "consent": "Me tenir informé·e de cette campagne",
        "sign": "Signer",
        "thanks": "Merci : confirmez votre signature depuis le message que nous vous avons envoyé.",
        "closed": "Cette pétition est close.",
        "signing": "Envoi…",
        "failed": "Votre signature n'a pas pu être envoyée. Réessayez.",
    },
    "es": {
        "signatures": "firmas",
        "goal": "Meta: {goal}",
        "to": "Para:",
        "endorsed_by": "Con el apoyo de",
        "name": "Su nombre",
        "email": "Su correo electrónico",
        "country": "Su país (opcional)",
        "no_country": "—",
        "consent": "Manténganme informado/a de esta campaña",
        "sign": "Firmar",
        "thanks": "Gracias: confirme su firma desde el correo que le enviamos.",
        "closed": "Esta petición está cerrada.",
        "signing": "Enviando…",
        "failed": "No se pudo enviar su firma. Inténtelo de nuevo.",
    },
    "ar": {
        "signatures": "توقيع",
        "goal": "الهدف: {goal}",
        "to": "إلى:",
        "endorsed_by": "بدعم من",
        "name": "اسمك",
        "email": "بريدك الإلكتروني",
        "country": "بلدك (اختياري)",
        "no_country": "—",
        "consent": "أبقوني على اطلاع بهذه الحملة",
        "sign": "وقّع",
        "thanks": "شكرًا لك: أكّد توقيعك من الرسالة التي أرسلناها إليك.",
        "closed": "هذه العريضة مغلقة.",
        "signing": "جارٍ الإرسال…",
        "failed": "تعذّر إرسال توقيعك. حاول مرة أخرى.",
    },
    "ru": {
        "signatures": "подписей",
        "goal": "Цель: {goal}",
        "to": "Кому:",
        "endorsed_by": "Поддерживают",
        "name": "Ваше имя",
        "email": "Ваш адрес электронной почты",
        "country": "Ваша страна (необязательно)",
        "no_country": "—",
        "consent": "Сообщать мне о ходе этой кампании",
        "sign": "Подписать",
        "thanks": "Спасибо: подтвердите подпись по ссылке из письма, которое мы вам отправили.",
        "closed": "Сбор подписей закрыт.",
        "signing": "Отправка…",
        "failed": "Не удалось отправить подпись. Попробуйте ещё раз.",
    },
    "pt": {
        "signatures": "assinaturas",
        "goal": "Meta: {goal}",
        "to": "Para:",
        "endorsed_by": "Com o apoio de",
        "name": "Seu nome",
        "email": "Seu endereço de e-mail",
        "country": "Seu país (opcional)",
        "no_country": "—",
        "consent": "Quero receber notícias desta campanha",
        "sign": "Assinar",
        "thanks": "Obrigado: confirme sua assinatura pela mensagem que enviamos a você.",
        "closed": "Esta petição está encerrada.",
        "signing": "Enviando…",
        "failed": "Não foi possível enviar sua assinatura. Tente novamente.",
    },
}

REFUSALS: dict[str, dict[str, str]] = {
    "en": {
        "name": "Give your name.",
        "email": "Check your e-mail address.",
        "country": "Choose a country from the list.",
        Refusal.TOO_MANY: "Too many signatures from your network. Try again later.",
        Refusal.WRONG_STATUS: "This petition is closed.",
        "unavailable": "Your signature could not be saved just now. Try again in a moment.",
    },
    "fr": {
        "name": "Indiquez votre nom.",
        "email": "Vérifiez votre adresse e-mail.",
        "country": "Choisissez un pays dans la liste.",
        Refusal.TOO_MANY: "Trop de signatures depuis votre réseau. Réessayez plus tard.",
        Refusal.WRONG_STATUS: "Cette pétition est close.",
        "unavailable": "Votre signature n'a pas pu être enregistrée. Réessayez dans un instant.",
    },
    "es": {
        "name": "Indique su nombre.",
        "email": "Revise su correo electrónico.",
        "country": "Elija un país de la lista.",
        Refusal.TOO_MANY: "Demasiadas firmas desde su red. Inténtelo más tarde.",
        Refusal.WRONG_STATUS: "Esta petición está cerrada.",
        "unavailable": "No se pudo guardar su firma. Inténtelo de nuevo en un momento.",
    },
    "ar": {
        "name": "اكتب اسمك.",
        "email": "تحقق من بريدك الإلكتروني.",
        "country": "اختر بلدًا من القائمة.",
        Refusal.TOO_MANY: "توقيعات كثيرة جدًا من شبكتك. حاول لاحقًا.",
        Refusal.WRONG_STATUS: "هذه العريضة مغلقة.",
        "unavailable": "تعذّر حفظ توقيعك الآن. حاول مرة أخرى بعد لحظة.",
    },
    "ru": {
        "name": "Укажите ваше имя.",
        "email": "Проверьте адрес электронной почты.",
        "country": "Выберите страну из списка.",
        Refusal.TOO_MANY: "Слишком много подписей из вашей сети. Попробуйте позже.",
        Refusal.WRONG_STATUS: "Сбор подписей закрыт.",
        "unavailable": "Не удалось сохранить подпись. Попробуйте ещё раз через минуту.",
    },
    "pt": {
        "name": "Informe seu nome.",
        "email": "Verifique seu endereço de e-mail.",
        "country": "Escolha um país da lista.",
        Refusal.TOO_MANY: "Assinaturas demais a partir da sua rede. Tente mais tarde.",
        Refusal.WRONG_STATUS: "Esta petição está encerrada.",
        "unavailable": "Não foi possível salvar sua assinatura. Tente novamente em instantes.",
    },
}


def widget_language(asked: object) -> str:
    """The widget's language: the one asked for if the widgets speak it, else English."""
    return asked if isinstance(asked, str) and asked in WORDS else "en"


def refusal_text(language: str, code: str, field: str | None, fallback: str) -> str:
    """What to tell a signer, in their language, about a refused signature."""
    said = REFUSALS[language]
    return said.get(field or "") or said.get(code) or fallback


MISSING: dict[str, dict[str, str]] = {
    "en": {
        "title": "Not found",
        "petition": "No petition is called “{slug}”. The page that showed it may name it wrongly.",
        "partner": (
            "No partner site is called “{slug}”. The page that showed it may name it wrongly."
        ),
    },
    "fr": {
        "title": "Introuvable",
        "petition": (
            "Aucune pétition ne s'appelle « {slug} ». La page qui l'affiche la nomme peut-être mal."
        ),
        "partner": (
            "Aucun site partenaire ne s'appelle « {slug} ». "
            "La page qui l'affiche le nomme peut-être mal."
        ),
    },
    "es": {
        "title": "No encontrado",
        "petition": (
            "Ninguna petición se llama «{slug}». Puede que la página que la muestra la nombre mal."
        ),
        "partner": (
            "Ningún sitio socio se llama «{slug}». "
            "Puede que la página que lo muestra lo nombre mal."
        ),
    },
    "ar": {
        "title": "غير موجود",
        "petition": "لا توجد عريضة باسم «{slug}». ربما ذكرتها الصفحة التي عرضتها باسم خاطئ.",
        "partner": "لا يوجد موقع شريك باسم «{slug}». ربما ذكرته الصفحة التي عرضته باسم خاطئ.",
    },
    "ru": {
        "title": "Не найдено",
        "petition": (
            "Петиции «{slug}» нет. Возможно, страница, которая её показывает, называет её неверно."
        ),
        "partner": (
            "Сайта-партнёра «{slug}» нет. "
            "Возможно, страница, которая его показывает, называет его неверно."
        ),
    },
    "pt": {
        "title": "Não encontrado",
        "petition": (
            "Nenhuma petição se chama «{slug}». "
            "A página que a mostra pode nomeá-la de forma errada."
        ),
        "partner": (
            "Nenhum site parceiro se chama «{slug}». "
            "A página que o mostra pode nomeá-lo de forma errada."
        ),
    },
}
"""What a frame says when the petition or the partner it names does not exist."""
