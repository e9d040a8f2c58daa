/** Where each deliverable lives, relative to the job's output folder and to `videos/<id>/`. */
export declare const LAYOUT: {
    readonly hlsDir: "hls";
    readonly master: "hls/master.m3u8";
    readonly rungPlaylist: (name: string) => string;
    readonly mp4: "download.mp4";
    readonly mp3: "audio.mp3";
    readonly poster: "poster.jpg";
    readonly thumbsDir: "thumbs";
    readonly thumb: (n: number) => string;
    readonly storyboard: "thumbs/storyboard.vtt";
    readonly manifest: "manifest.json";
};
export declare const THUMBNAIL_INTERVAL_SECONDS = 10;
export declare const SEGMENT_SECONDS = 2;
export declare function outPath(outDir: string, relative: string): string;
