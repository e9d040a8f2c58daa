// The test page: real, unmodified @uppy/core and @uppy/aws-s3 v6 with coursecast's
// integration, bundled by the test. Only signRequest is wrapped, to record the calls.
import AwsS3 from "@uppy/aws-s3";
import Uppy from "@uppy/core";
import { coursecastUppy } from "../../../edge/console/src/uppy-coursecast.ts";

export interface UppyTestState {
  token: string;
  pauseAfterParts: number;
  signed: Array<{ method: string; partNumber?: number; uploadId: boolean }>;
  partsUploaded: number[];
  paused: boolean;
  videoId?: string;
  result?: { successful: number; failed: string[] };
  error?: string;
}

declare global {
  interface Window {
    uppyTest: UppyTestState;
    uppyResume: () => void;
  }
}

const state: UppyTestState = {
  token: "",
  pauseAfterParts: 0,
  signed: [],
  partsUploaded: [],
  paused: false,
};
window.uppyTest = state;

const uppy = new Uppy({ autoProceed: false });
const coursecast = coursecastUppy(uppy, {
  apiUrl: location.origin,
  getAccessToken: () => state.token,
});
uppy.use(AwsS3, {
  ...coursecast,
  signRequest: (request) => {
    state.signed.push({
      method: request.method,
      partNumber: "partNumber" in request ? request.partNumber : undefined,
      uploadId: "uploadId" in request,
    });
    return coursecast.signRequest(request);
  },
});

uppy.on("s3-multipart:part-uploaded", (file, part) => {
  state.partsUploaded.push(part.PartNumber);
  if (state.partsUploaded.length === state.pauseAfterParts && file) {
    state.paused = true;
    uppy.pauseResume(file.id);
  }
});
window.uppyResume = () => {
  const [file] = uppy.getFiles();
  state.paused = false;
  if (file) uppy.pauseResume(file.id);
};

document.querySelector<HTMLInputElement>("#file")!.addEventListener("change", (event) => {
  const file = (event.target as HTMLInputElement).files![0]!;
  const id = uppy.addFile({ name: file.name, type: file.type, data: file });
  state.videoId = undefined;
  uppy
    .upload()
    .then((result) => {
      state.videoId = String(uppy.getFile(id).meta.videoId);
      state.result = {
        successful: result?.successful?.length ?? 0,
        failed: (result?.failed ?? []).map((f) => String(f.error)),
      };
    })
    .catch((err: unknown) => (state.error = String(err)));
});
