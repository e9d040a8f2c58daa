/**
 * ffmpeg's interlace detector (`idet`) over a short sample: true when most frames
 * show combing in one field order. For sources that say they are progressive but are not (an
 * interlaced capture re-encoded by a tool that drops the field flags).
 */
export declare function detectCombing(path: string, durationSeconds: number): Promise<boolean>;
