import { Resvg } from '@resvg/resvg-js';

/** Rasterizes an SVG to PNG at `scale` times its size, with the system's fonts (labels need one installed). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
