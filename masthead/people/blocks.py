from wagtail import blocks


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="For example: X, Telegram, Website, E-mail")
    url = blocks.URLBlock(help_text="For e-mail, use a mailto: address.")

    class Meta:
        icon = "link"
