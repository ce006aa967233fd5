"""Preview: takes one quote and gives every design and size side by side (a contact sheet
or an HTML gallery), with guides, feed-size thumbnails and a watch loop. The cards are
the pipeline's own; guides are an overlay drawn from each card's `Layout`; a card that
cannot be made is a tile of its shape saying why."""
