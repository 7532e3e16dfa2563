/**
 * The emoji image-text dataset: {@link dev.bss.data.emoji.EmojiBuilder} crops each emoji's 32 px cell from
 * a vendor sprite sheet of {@code emoji-datasource}, pairs it with its name, short names and
 * {@code emojilib} keywords, labels it with its category and writes a stratified split cache that
 * {@link dev.bss.data.emoji.EmojiProvider} loads.
 */
package dev.bss.data.emoji;
