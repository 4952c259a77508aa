import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EXPERT_FIELDS } from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import { Public } from '@qingshui/auth';

/** Reference data every client needs to render forms: the 16 pairs and the fields of expertise. */
@ApiTags('reference')
@Controller('reference')
export class ReferenceController {
  @Get('pairs')
  @Public()
  @ApiOperation({ summary: 'The 16 Beijing district – water-source county pairs (对口协作结对)' })
  pairs() {
    return PAIRS;
  }

  @Get('expert-fields')
  @Public()
  @ApiOperation({ summary: 'Fields of expertise with their Chinese labels' })
  fields() {
    return Object.entries(EXPERT_FIELDS).map(([id, zh]) => ({ id, zh }));
  }
}
