/**
 * Images to mirror: what `check` reads (arguments, the JSON of `scan` or `cluster`, plain lists), plus
 * the JSON of `check` itself (`images[].image` and `.target`). Pure.
 */
import { type ImageInput, imagesFromText } from '../inputs/images.js';

interface CheckedImage {
  image?: unknown;
  target?: unknown;
}

export function mirrorInputsFromText(text: string, source: string): ImageInput[] {
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return imagesFromText(text, source, 'MIRROR_INPUT'); // reports the JSON error the same way check does
    }
    const images = (parsed as { images?: unknown })?.images;
    if (Array.isArray(images) && !('findings' in (parsed as object))) {
      return (images as CheckedImage[])
        .filter((i) => typeof i?.image === 'string' && i.image !== '')
        .map((i) =>
          typeof i.target === 'string' && i.target !== ''
            ? { image: i.image as string, target: i.target }
            : { image: i.image as string },
        );
    }
  }
  return imagesFromText(text, source, 'MIRROR_INPUT');
}
