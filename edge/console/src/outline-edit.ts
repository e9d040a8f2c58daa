/**
 * Edits of a course outline as the console makes them, each a new outline the
 * edge takes in one `PATCH /courses/:id/outline`. Pure: the view renders, these decide.
 */
export interface OutlineSection {
  id?: string;
  title: string;
  lectureIds: string[];
}

const copy = (sections: OutlineSection[]) =>
  sections.map((s) => ({ ...s, lectureIds: [...s.lectureIds] }));

function locate(sections: OutlineSection[], lectureId: string): [number, number] {
  for (const [si, section] of sections.entries()) {
    const li = section.lectureIds.indexOf(lectureId);
    if (li >= 0) return [si, li];
  }
  throw new Error(`lecture ${lectureId} is not in the outline`);
}

/**
 * One step up (-1) or down (+1). At the edge of a section the lecture crosses
 * into the neighbouring one (its end going up, its start going down); null at
 * either end of the course.
 */
export function moveByOne(
  sections: OutlineSection[],
  lectureId: string,
  delta: -1 | 1,
): OutlineSection[] | null {
  const next = copy(sections);
  const [si, li] = locate(next, lectureId);
  const ids = next[si]!.lectureIds;
  const to = li + delta;
  if (to >= 0 && to < ids.length) {
    [ids[li], ids[to]] = [ids[to]!, ids[li]!];
    return next;
  }
  const neighbour = next[si + delta];
  if (!neighbour) return null;
  ids.splice(li, 1);
  if (delta < 0) neighbour.lectureIds.push(lectureId);
  else neighbour.lectureIds.unshift(lectureId);
  return next;
}

/** To the end of another section. */
export function moveToSection(
  sections: OutlineSection[],
  lectureId: string,
  target: number,
): OutlineSection[] {
  const next = copy(sections);
  const [si, li] = locate(next, lectureId);
  next[si]!.lectureIds.splice(li, 1);
  next[target]!.lectureIds.push(lectureId);
  return next;
}

export function addSection(sections: OutlineSection[], title: string): OutlineSection[] {
  return [...copy(sections), { title, lectureIds: [] }];
}

export function renameSection(
  sections: OutlineSection[],
  index: number,
  title: string,
): OutlineSection[] {
  return copy(sections).map((s, i) => (i === index ? { ...s, title } : s));
}

/** A section's lectures are kept: they join the section before it (the next one for the first). */
export function removeSection(sections: OutlineSection[], index: number): OutlineSection[] | null {
  if (sections.length <= 1) return null;
  const next = copy(sections);
  const [removed] = next.splice(index, 1);
  const heir = index > 0 ? next[index - 1]! : next[0]!;
  if (index > 0) heir.lectureIds.push(...removed!.lectureIds);
  else heir.lectureIds.unshift(...removed!.lectureIds);
  return next;
}
