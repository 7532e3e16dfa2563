/**
 * Image input in plain Java: {@link dev.bss.data.image.ImageLoader} decodes JPEG/PNG with ImageIO,
 * resizes, centre-crops and normalises into channel-first float arrays; the channel order (RGB, or
 * the NVGesture reference's BGR) is explicit.
 */
package dev.bss.data.image;
