"""What the hub says to signers in its mails and link pages, in the widgets' languages."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "confirm_subject": "Confirm your signature: {title}",
        "thanks": "Thank you for signing “{title}”.",
        "confirm_ask": "Your signature counts once you confirm it. If you did not sign, ignore"
        " this mail: nothing will be counted, and the signature is removed in {hours} hours.",
        "confirm_button": "Confirm my signature",
        "notice_subject": "You have already signed: {title}",
        "notice_pending": "Someone, perhaps you, signed “{title}” again with this address. Your"
        " first signature waits for you to confirm it from the first mail; nothing more was"
        " counted.",
        "notice_confirmed": "Someone, perhaps you, signed “{title}” again with this address."
        " Your signature was already counted, once; nothing more was counted.",
        "erase_link": "Remove my signature",
        "stop_link": "Stop mails about this campaign",
        "confirm_title": "Confirm your signature",
        "confirm_text": "Press the button to confirm your signature.",
        "confirmed": "Thank you: your signature is confirmed and counted.",
        "already": "Your signature was already confirmed.",
        "unknown": "This link is not valid, or its signature has expired or been removed.",
        "erase_title": "Remove your signature",
        "erase_text": "Press the button to remove your signature and all the hub keeps of it."
        " This cannot be undone.",
        "erased": "Your signature has been removed.",
        "consent_title": "Stop mails about this campaign",
        "consent_text": "Press the button, and the organisation will no longer be able to"
        " contact you about this campaign.",
        "consent_button": "Stop the mails",
        "revoked": "Done: you will not be contacted about this campaign.",
    },
    "fr": {
        "confirm_subject": "Confirmez votre signature : {title}",
        "thanks": "Merci d'avoir signé « {title} ».",
        "confirm_ask": "Votre signature compte dès que vous la confirmez. Si vous n'avez pas"
        " signé, ignorez ce message : rien ne sera compté, et la signature sera supprimée"
        " dans {hours} heures.",
        "confirm_button": "Confirmer ma signature",
        "notice_subject": "Vous avez déjà signé : {title}",
        "notice_pending": "Quelqu'un, peut-être vous, a signé « {title} » de nouveau avec cette"
        " adresse. Votre première signature attend votre confirmation depuis le premier"
        " message ; rien de plus n'a été compté.",
        "notice_confirmed": "Quelqu'un, peut-être vous, a signé « {title} » de nouveau avec"
        " cette adresse. Votre signature était déjà comptée, une fois ; rien de plus n'a été"
        " compté.",
        "erase_link": "Supprimer ma signature",
        "stop_link": "Ne plus recevoir de messages sur cette campagne",
        "confirm_title": "Confirmez votre signature",
        "confirm_text": "Appuyez sur le bouton pour confirmer votre signature.",
        "confirmed": "Merci : votre signature est confirmée et comptée.",
        "already": "Votre signature était déjà confirmée.",
        "unknown": "Ce lien n'est pas valide, ou sa signature a expiré ou a été supprimée.",
        "erase_title": "Supprimer votre signature",
        "erase_text": "Appuyez sur le bouton pour supprimer votre signature et tout ce que le"
        " hub en garde. C'est définitif.",
        "erased": "Votre signature a été supprimée.",
        "consent_title": "Ne plus recevoir de messages sur cette campagne",
        "consent_text": "Appuyez sur le bouton : l'organisation ne pourra plus vous contacter"
        " au sujet de cette campagne.",
        "consent_button": "Arrêter les messages",
        "revoked": "C'est fait : vous ne serez plus contacté·e au sujet de cette campagne.",
    },
    "es": {
        "confirm_subject": "Confirme su firma: {title}",
        "thanks": "Gracias por firmar «{title}».",
        "confirm_ask": "Su firma cuenta en cuanto la confirme. Si usted no firmó, ignore este"
        " mensaje: no se contará nada y la firma se eliminará en {hours} horas.",
        "confirm_button": "Confirmar mi firma",
        "notice_subject": "Usted ya firmó: {title}",
        "notice_pending": "Alguien, quizá usted, volvió a firmar «{title}» con esta dirección."
        " Su primera firma espera su confirmación desde el primer mensaje; no se contó nada"
        " más.",
        "notice_confirmed": "Alguien, quizá usted, volvió a firmar «{title}» con esta"
        " dirección. Su firma ya estaba contada, una vez; no se contó nada más.",
        "erase_link": "Eliminar mi firma",
        "stop_link": "No recibir más mensajes sobre esta campaña",
        "confirm_title": "Confirme su firma",
        "confirm_text": "Pulse el botón para confirmar su firma.",
        "confirmed": "Gracias: su firma está confirmada y contada.",
        "already": "Su firma ya estaba confirmada.",
        "unknown": "Este enlace no es válido, o su firma caducó o fue eliminada.",
        "erase_title": "Eliminar su firma",
        "erase_text": "Pulse el botón para eliminar su firma y todo lo que el hub guarda de"
        " ella. No se puede deshacer.",
        "erased": "Su firma ha sido eliminada.",
        "consent_title": "No recibir más mensajes sobre esta campaña",
        "consent_text": "Pulse el botón y la organización ya no podrá contactarle sobre esta"
        " campaña.",
        "consent_button": "Dejar de recibir mensajes",
        "revoked": "Hecho: no se le contactará más sobre esta campaña.",
    },
    "ar": {
        "confirm_subject": "أكّد توقيعك: {title}",
        "thanks": "شكرًا لتوقيعك على «{title}».",
        "confirm_ask": "يُحتسب توقيعك بمجرد أن تؤكده. إن لم تكن أنت من وقّع، فتجاهل هذه"
        " الرسالة: لن يُحتسب شيء، وسيُحذف التوقيع خلال {hours} ساعة.",
        "confirm_button": "أؤكد توقيعي",
        "notice_subject": "لقد وقّعت من قبل: {title}",
        "notice_pending": "وقّع شخص ما، ربما أنت، على «{title}» مرة أخرى بهذا العنوان. توقيعك"
        " الأول ينتظر تأكيدك من الرسالة الأولى، ولم يُحتسب شيء آخر.",
        "notice_confirmed": "وقّع شخص ما، ربما أنت، على «{title}» مرة أخرى بهذا العنوان. توقيعك"
        " محتسب من قبل، مرة واحدة، ولم يُحتسب شيء آخر.",
        "erase_link": "احذف توقيعي",
        "stop_link": "أوقف الرسائل عن هذه الحملة",
        "confirm_title": "أكّد توقيعك",
        "confirm_text": "اضغط الزر لتأكيد توقيعك.",
        "confirmed": "شكرًا لك: تم تأكيد توقيعك واحتسابه.",
        "already": "توقيعك مؤكد من قبل.",
        "unknown": "هذا الرابط غير صالح، أو انتهت صلاحية توقيعه أو حُذف.",
        "erase_title": "احذف توقيعك",
        "erase_text": "اضغط الزر لحذف توقيعك وكل ما يحتفظ به المركز عنه. لا يمكن التراجع عن ذلك.",
        "erased": "تم حذف توقيعك.",
        "consent_title": "أوقف الرسائل عن هذه الحملة",
        "consent_text": "اضغط الزر، ولن تتمكن المنظمة من التواصل معك بشأن هذه الحملة بعد الآن.",
        "consent_button": "أوقف الرسائل",
        "revoked": "تم: لن يتم التواصل معك بشأن هذه الحملة.",
    },
    "ru": {
        "confirm_subject": "Подтвердите подпись: {title}",
        "thanks": "Спасибо, что подписали «{title}».",
        "confirm_ask": "Подпись будет учтена, когда вы её подтвердите. Если вы не подписывали,"
        " не обращайте внимания на это письмо: ничего не будет учтено, а подпись будет удалена"
        " через {hours} ч.",
        "confirm_button": "Подтвердить подпись",
        "notice_subject": "Вы уже подписали: {title}",
        "notice_pending": "Кто-то, возможно вы, снова подписал «{title}» с этим адресом. Ваша"
        " первая подпись ждёт подтверждения из первого письма; больше ничего не учтено.",
        "notice_confirmed": "Кто-то, возможно вы, снова подписал «{title}» с этим адресом. Ваша"
        " подпись уже учтена, один раз; больше ничего не учтено.",
        "erase_link": "Удалить мою подпись",
        "stop_link": "Не присылать писем об этой кампании",
        "confirm_title": "Подтвердите подпись",
        "confirm_text": "Нажмите кнопку, чтобы подтвердить подпись.",
        "confirmed": "Спасибо: ваша подпись подтверждена и учтена.",
        "already": "Ваша подпись уже была подтверждена.",
        "unknown": "Ссылка недействительна, или её подпись истекла или удалена.",
        "erase_title": "Удалить подпись",
        "erase_text": "Нажмите кнопку, чтобы удалить подпись и всё, что хаб о ней хранит."
        " Отменить это нельзя.",
        "erased": "Ваша подпись удалена.",
        "consent_title": "Не присылать писем об этой кампании",
        "consent_text": "Нажмите кнопку, и организация больше не сможет связаться с вами по"
        " поводу этой кампании.",
        "consent_button": "Больше не писать",
        "revoked": "Готово: с вами больше не свяжутся по поводу этой кампании.",
    },
    "pt": {
        "confirm_subject": "Confirme sua assinatura: {title}",
        "thanks": "Obrigado por assinar “{title}”.",
        "confirm_ask": "Sua assinatura conta assim que você a confirmar. Se não foi você quem"
        " assinou, ignore esta mensagem: nada será contado, e a assinatura será removida em"
        " {hours} horas.",
        "confirm_button": "Confirmar minha assinatura",
        "notice_subject": "Você já assinou: {title}",
        "notice_pending": "Alguém, talvez você, assinou “{title}” de novo com este endereço. Sua"
        " primeira assinatura aguarda sua confirmação pela primeira mensagem; nada mais foi"
        " contado.",
        "notice_confirmed": "Alguém, talvez você, assinou “{title}” de novo com este endereço."
        " Sua assinatura já estava contada, uma vez; nada mais foi contado.",
        "erase_link": "Remover minha assinatura",
        "stop_link": "Não receber mais mensagens sobre esta campanha",
        "confirm_title": "Confirme sua assinatura",
        "confirm_text": "Pressione o botão para confirmar sua assinatura.",
        "confirmed": "Obrigado: sua assinatura está confirmada e contada.",
        "already": "Sua assinatura já estava confirmada.",
        "unknown": "Este link não é válido, ou sua assinatura expirou ou foi removida.",
        "erase_title": "Remover sua assinatura",
        "erase_text": "Pressione o botão para remover sua assinatura e tudo o que o hub guarda"
        " dela. Isso não pode ser desfeito.",
        "erased": "Sua assinatura foi removida.",
        "consent_title": "Não receber mais mensagens sobre esta campanha",
        "consent_text": "Pressione o botão e a organização não poderá mais contatar você sobre"
        " esta campanha.",
        "consent_button": "Parar as mensagens",
        "revoked": "Pronto: você não será mais contatado sobre esta campanha.",
    },
}


def words_in(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])
