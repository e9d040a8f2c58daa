import { describe, expect, it } from "vitest";
import type { VideoRecord } from "../domain/video.ts";
import { newCourseRecord } from "./new-course.ts";
import { buildOutline } from "./outline.ts";

const video = (id: string) => ({ _id: id, title: id }) as VideoRecord;

describe("course outline", () => {
  it("should keep the stored order, drop lectures gone from the course and append unlisted ones", () => {
    const course = newCourseRecord("owner", { title: "C" });
    course.sections = [
      { id: "s1", title: "One", lectureIds: ["b", "gone", "a"] },
      { id: "s2", title: "Two", lectureIds: ["c", "a"] },
    ];
    const outline = buildOutline(course, ["a", "b", "c", "d"].map(video));
    expect(outline.map((s) => [s.id, s.lectures.map((v) => v._id)])).toEqual([
      ["s1", ["b", "a"]],
      ["s2", ["c", "d"]],
    ]);
  });

  it("should make a section when the course has none", () => {
    const course = newCourseRecord("owner", { title: "C" });
    course.sections = [];
    expect(buildOutline(course, [video("a")])[0]!.lectures.map((v) => v._id)).toEqual(["a"]);
  });
});
