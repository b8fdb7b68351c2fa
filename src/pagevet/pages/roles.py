"""Line roles: what each input line of a page is."""

ROLES = (
    "title",
    "lead",
    "body",
    "caption",
    "byline",
    "related",  # teaser titles/snippets of other articles
    "nav",  # menus, widgets, read-more markers, "Theo dõi … trên", "Phiên bản di động"
    "artifact",  # e.g. the page's own ASCII slug repeated as image alt text
    "spam",  # lottery/betting
    "blank",
)

# Roles whose lines make up the clean main text.
TEXT_ROLES = ("lead", "body")

# Roles of site furniture: lines that are not the article (the nav-spam rule's share).
FURNITURE = ("nav", "related", "artifact", "spam")
